import { LUA_CONDITION_HELPER } from './lua-conditions';

/**
 * The state of one DC from cass-operator's status, as a Lua function shared with the
 * K8ssandraCluster check (which carries each DC's full status). cass-operator turns `Ready`
 * False only to stop a DC; after that its `Healthy` condition (QUORUM reachable from every
 * node) is what says a Ready DC lost nodes.
 */
export const LUA_DATACENTER_STATE = `local function datacenterState(status, stopped)
  local valid = condition(status.conditions, "Valid")
  if valid ~= nil and valid.status == "False" then
    return "Degraded", "invalid: " .. text(valid)
  end
  if stopped then
    local s = condition(status.conditions, "Stopped")
    if s ~= nil and s.status == "True" then
      return "Healthy", "stopped (spec.stopped)"
    end
    return "Progressing", "stopping"
  end
  local ready = condition(status.conditions, "Ready")
  if status.cassandraOperatorProgress == "Ready" and ready ~= nil and ready.status == "True" then
    local healthy = condition(status.conditions, "Healthy")
    if healthy ~= nil and healthy.status == "False" then
      return "Degraded", "not every node reaches QUORUM: " .. text(healthy)
    end
    return "Healthy", "ready"
  end
  return "Progressing", "cass-operator progress: " .. (status.cassandraOperatorProgress or "not reported yet")
end
`;

/** `resource.customizations.health.cassandra.datastax.com_CassandraDatacenter`. */
export const CASSANDRA_DATACENTER_HEALTH = `${LUA_CONDITION_HELPER}
${LUA_DATACENTER_STATE}
local hs = {}
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "waiting for cass-operator"
  return hs
end
local generation = obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= nil and obj.status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "cass-operator has not acted on generation " .. generation .. " yet"
  return hs
end
local stopped = obj.spec ~= nil and obj.spec.stopped == true
hs.status, hs.message = datacenterState(obj.status, stopped)
return hs
`;
