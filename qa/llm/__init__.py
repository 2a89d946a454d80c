"""The local generative model (Qwen2.5-Coder-1.5B-Instruct, GGUF, run in-process by xllamacpp):
its installation (install.py) and its runtime (runtime.py)."""
