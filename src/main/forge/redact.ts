/** Remote URLs can carry credentials (https://user:token@host/…): never show them. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1••••@');
}
