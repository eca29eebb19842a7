import { LUA_DATACENTER_STATE } from './cassandra-datacenter';
import { LUA_CONDITION_HELPER } from './lua-conditions';

/**
 * `resource.customizations.health.k8ssandra.io_K8ssandraCluster`. k8ssandra-operator mirrors
 * every DC's CassandraDatacenter status into `status.datacenters`, keyed by the DC's name, and
 * creates the DCs one at a time in spec order: a DC not there yet is Progressing. Any Degraded
 * DC makes the cluster Degraded; the cluster is Healthy once every DC is and the cluster is
 * initialized. `status.error` is "None" when the last reconcile succeeded.
 */
export const K8SSANDRA_CLUSTER_HEALTH = `${LUA_CONDITION_HELPER}
${LUA_DATACENTER_STATE}
local hs = {}
local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "waiting for k8ssandra-operator"
  return hs
end
if status.error ~= nil and status.error ~= "" and status.error ~= "None" then
  hs.status = "Degraded"
  hs.message = status.error
  return hs
end
local generation = obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "k8ssandra-operator has not acted on generation " .. generation .. " yet"
  return hs
end
local datacenters = {}
if obj.spec ~= nil and obj.spec.cassandra ~= nil and obj.spec.cassandra.datacenters ~= nil then
  datacenters = obj.spec.cassandra.datacenters
end
local progressing = nil
for _, dc in ipairs(datacenters) do
  local name = dc.metadata.name
  local observed = nil
  if status.datacenters ~= nil then
    observed = status.datacenters[name]
  end
  if observed == nil or observed.cassandra == nil then
    progressing = progressing or ("datacenter " .. name .. " not created yet")
  elseif observed.decommissionProgress ~= nil and observed.decommissionProgress ~= "" then
    progressing = progressing or ("datacenter " .. name .. ": " .. observed.decommissionProgress)
  else
    local state, message = datacenterState(observed.cassandra, dc.stopped == true)
    if state == "Degraded" then
      hs.status = "Degraded"
      hs.message = "datacenter " .. name .. ": " .. message
      return hs
    end
    if state ~= "Healthy" then
      progressing = progressing or ("datacenter " .. name .. ": " .. message)
    end
  end
end
if progressing ~= nil then
  hs.status = "Progressing"
  hs.message = progressing
  return hs
end
local initialized = condition(status.conditions, "CassandraInitialized")
if initialized == nil or initialized.status ~= "True" then
  hs.status = "Progressing"
  hs.message = "cluster not initialized yet"
  return hs
end
hs.status = "Healthy"
hs.message = #datacenters .. " datacenter(s) ready"
return hs
`;
