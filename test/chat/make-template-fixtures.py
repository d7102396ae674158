#!/usr/bin/env python3
"""Renders the chat-template cases with Python's Jinja2 (as transformers' apply_chat_template
does: trim_blocks, lstrip_blocks, loopcontrols, tojson, raise_exception) into
test/chat/fixtures/templates.json. Regenerate with `python3 test/chat/make-template-fixtures.py`;
never edit the output by hand. The TypeScript test compares medpsy's rendering byte for byte."""
import json, os
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.ext import loopcontrols

here = os.path.dirname(os.path.abspath(__file__))
templates_dir = os.path.join(here, "..", "..", "..", "shared", "templates")

def raise_exception(message):
    raise Exception(message)

env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = lambda x, **kw: json.dumps(x, ensure_ascii=False, **kw)
env.globals["raise_exception"] = raise_exception

conversations = {
    "single": [{"role": "user", "content": "What is the first-line treatment for hypertension?"}],
    "system": [{"role": "system", "content": "You are a careful clinical assistant."},
               {"role": "user", "content": "Is 38.5 °C a fever?"}],
    "multi_turn_inline_think": [
        {"role": "user", "content": "I have a headache."},
        {"role": "assistant", "content": "<think>\nNeed duration and red flags.\n</think>\n\nHow long have you had it?"},
        {"role": "user", "content": "Three days, with fever and a stiff neck."}],
    "multi_turn_reasoning_content": [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Dose of paracetamol?"},
        {"role": "assistant", "content": "For adults, 500 mg–1 g every 4–6 hours, max 4 g/day.", "reasoning_content": "Standard adult dosing."},
        {"role": "user", "content": "And for a 20 kg child?"}],
    "last_assistant": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! How can I help?", "reasoning_content": "Greet."}],
}

cases = []
for name in ["qwen3-thinking-2507", "qwen3-hybrid"]:
    with open(os.path.join(templates_dir, name + ".jinja"), encoding="utf-8") as f:
        template = env.from_string(f.read())
    for conv_name, messages in conversations.items():
        for add_gen in [True, False]:
            for thinking in [None, True, False]:
                kwargs = {"messages": messages, "add_generation_prompt": add_gen, "bos_token": "", "eos_token": "<|im_end|>"}
                if thinking is not None:
                    kwargs["enable_thinking"] = thinking
                cases.append({"template": name, "conversation": conv_name, "messages": messages,
                              "add_generation_prompt": add_gen, "enable_thinking": thinking,
                              "expected": template.render(**kwargs)})

with open(os.path.join(here, "fixtures", "templates.json"), "w", encoding="utf-8") as f:
    json.dump(cases, f, ensure_ascii=False, indent=1)
print(f"wrote {len(cases)} cases")
