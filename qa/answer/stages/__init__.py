"""The answer chain as small stages, each a class with one typed `run()`, in the order the data
flows: understand (understand.py) → retrieve (retrieve.py) → judge (judge.py) → draft (draft.py)
→ verify (verify.py) → assemble (assemble.py). The records they pass are in records.py; the
service (qa/answer/service.py) wires them."""
