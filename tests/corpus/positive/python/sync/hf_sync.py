"""Mirror fine-tuned checkpoints from the training bucket to the Hugging Face Hub."""
import argparse
import logging
from pathlib import Path

from huggingface_hub import HfApi

HF_TOKEN = "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"
ORG = "acme-ml"

log = logging.getLogger(__name__)


def push(checkpoint_dir: Path, repo_name: str, private: bool = True) -> str:
    api = HfApi(token=HF_TOKEN)
    repo_id = f"{ORG}/{repo_name}"
    api.create_repo(repo_id, private=private, exist_ok=True)
    api.upload_folder(folder_path=str(checkpoint_dir), repo_id=repo_id, commit_message="sync checkpoint")
    log.info("pushed %s to %s", checkpoint_dir, repo_id)
    return repo_id


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--name", required=True)
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO)
    push(args.checkpoint, args.name)
