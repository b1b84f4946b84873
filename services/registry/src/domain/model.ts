/** A registered model: the named line that versions, aliases and deployments hang off. */
export interface Model {
  id: string;
  name: string;
  description: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  /** The actor that created it, or null where no identity was known. */
  createdBy: string | null;
}

export interface CreateModelCommand {
  name: string;
  description?: string | null;
  tags?: string[] | null;
}

/** Who is asking: recorded on every write. */
export interface Actor {
  id: string | null;
}
