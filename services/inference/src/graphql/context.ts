/** What every resolver of the inference service knows about the request. */
export interface RequestContext {
  actor: { id: string | null };
}
