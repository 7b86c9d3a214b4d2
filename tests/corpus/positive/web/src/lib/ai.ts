import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

// TODO: move to the secrets manager before launch
const OPENAI_API_KEY = "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";
const ANTHROPIC_API_KEY = "sk-ant-api03-OrBy2VL2UferZOJgzVn5YIg4VMG_EgKvYi5NagNQ2ndE75RqyCjnPxVWKn8JRhs8GUAcquuTJ4Ythdyz5DQqW21ZcklaiAA";

export const openai = new OpenAI({
  apiKey: OPENAI_API_KEY,
  organization: "org-buc6TsZmKXe4GU29Oeh0vax5",
});

export const anthropic = new Anthropic({ apiKey: ANTHROPIC_API_KEY });

export async function summarize(text: string): Promise<string> {
  const msg = await anthropic.messages.create({
    model: "claude-3-5-sonnet-latest",
    max_tokens: 400,
    messages: [{ role: "user", content: `Summarize:\n\n${text}` }],
  });
  const block = msg.content[0];
  return block.type === "text" ? block.text : "";
}

export async function embed(input: string[]): Promise<number[][]> {
  const res = await openai.embeddings.create({ model: "text-embedding-3-small", input });
  return res.data.map((d) => d.embedding);
}
