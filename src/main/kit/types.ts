/** One script of the container kit, copied into every session container at /opt/ccr/bin. */
export interface KitFile {
  /** Absolute path inside the container, under /opt/ccr/bin. */
  path: string;
  mode: number;
  content: string;
}
