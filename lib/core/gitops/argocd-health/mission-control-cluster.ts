import { LUA_CONDITION_HELPER } from './lua-conditions';

/**
 * `resource.customizations.health.<API_GROUP>_MissionControlCluster`, from the conditions
 * the control-plane operator writes: `Valid=False` or `Degraded=True` is Degraded (an
 * unreachable data plane, a failed write, an invalid spec), `Ready=True` Healthy, anything
 * else Progressing. A status of an older generation says nothing about the current spec.
 */
export const MISSION_CONTROL_CLUSTER_HEALTH = `${LUA_CONDITION_HELPER}
local hs = {}
local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the control-plane operator"
  return hs
end
local generation = obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "the control-plane operator has not acted on generation " .. generation .. " yet"
  return hs
end
local valid = condition(status.conditions, "Valid")
if valid ~= nil and valid.status == "False" then
  hs.status = "Degraded"
  hs.message = "invalid spec: " .. text(valid)
  return hs
end
local degraded = condition(status.conditions, "Degraded")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = text(degraded)
  return hs
end
local ready = condition(status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = text(ready)
  return hs
end
hs.status = "Progressing"
hs.message = text(ready)
return hs
`;
