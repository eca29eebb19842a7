/** `<prefix>/<folder>`, with `.` (or an empty prefix) meaning the repository root. */
export function folderPath(pathPrefix: string, folder: string): string {
  const prefix = pathPrefix.replace(/^\.\/?/, '');
  return prefix ? `${prefix}/${folder}` : folder;
}
