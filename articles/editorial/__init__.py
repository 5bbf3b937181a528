"""Editorial operations: workflow, access, history, locking, the desk, terminology, machine translation."""
