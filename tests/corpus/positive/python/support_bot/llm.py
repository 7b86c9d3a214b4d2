import os

import anthropic
from openai import OpenAI

# Fallback keys for local runs; production reads them from Vault.
OPENAI_KEY = os.getenv("OPENAI_API_KEY", "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")
ANTHROPIC_KEY = os.getenv("ANTHROPIC_API_KEY", "sk-ant-api03-FEv2AwIUAvWleDze_EBDPV2QS6xi-tRXpyK3DOGwR4YlIRgNwjJvbU_1Uv9QoVhTKnzLVQuKQ8My-KDJ8cRUCxJf7z9w-AA")

openai_client = OpenAI(api_key=OPENAI_KEY)
claude = anthropic.Anthropic(api_key=ANTHROPIC_KEY)

SYSTEM = "You are Acme's support assistant. Answer briefly and cite the help-center article."


def answer(question: str, use_claude: bool = True) -> str:
    if use_claude:
        msg = claude.messages.create(
            model="claude-3-5-sonnet-latest",
            max_tokens=500,
            system=SYSTEM,
            messages=[{"role": "user", "content": question}],
        )
        return msg.content[0].text
    resp = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}],
    )
    return resp.choices[0].message.content
