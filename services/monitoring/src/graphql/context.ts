/** What a monitoring resolver knows of its request: who sends it (the gateway's signed identity), if anyone. */
export interface RequestContext {
  actor: string | null;
}
