"""The questions put to the prover: P1-P4 from the intent, custom properties, and the diff of two SCP sets."""
