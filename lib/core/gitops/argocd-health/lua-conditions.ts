/**
 * Lua shared by the health checks; each script is run on its own by Argo CD, so it is pasted
 * into each. Written for Lua 5.1 (Argo CD runs gopher-lua) with the base library only.
 */
export const LUA_CONDITION_HELPER = `local function condition(conditions, kind)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function text(c)
  if c == nil then
    return ""
  end
  return c.message or c.reason or ""
end
`;
