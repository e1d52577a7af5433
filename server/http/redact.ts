// What the request log may show of a path: an invitation link's token is a password-setting
// secret, so it never reaches a log line.
export function pathForLog(path: string): string {
  return path.replace(/^\/invitations\/[^/?]+/, "/invitations/[link]");
}
