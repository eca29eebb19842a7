/**
 * `resource.customizations.health.argoproj.io_Application`. Argo CD assesses no health for
 * Applications by itself, so a parent syncing child Applications in waves (app of apps) would
 * move on as soon as a child exists. This reports the child's own health instead; a child
 * that has not reported any yet is Progressing.
 */
export const APPLICATION_HEALTH = `local hs = {}
hs.status = "Progressing"
hs.message = "waiting for the Application's health"
if obj.status ~= nil and obj.status.health ~= nil and obj.status.health.status ~= nil then
  hs.status = obj.status.health.status
  hs.message = obj.status.health.message or ""
end
return hs
`;
