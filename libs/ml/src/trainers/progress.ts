/** Called as training goes: the iteration number (from 1) and the loss the trainer minimizes at that point. */
export type Progress = (iteration: number, loss: number) => void;
