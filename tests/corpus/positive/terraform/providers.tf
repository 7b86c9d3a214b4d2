terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = "~> 2.36"
    }
    datadog = {
      source  = "DataDog/datadog"
      version = "~> 3.38"
    }
  }

  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "platform/prod.tfstate"
    region = "us-east-1"
  }
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIA65QTVWCDR766IA2F"
  secret_key = "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"
}

provider "digitalocean" {
  token = "dop_v1_87eafa80b44e4895345687b46ab1646381a1ba71029c95ebe452fee4aed58b47"
}

provider "datadog" {
  api_key = "3cc1ae4b083b8ea9498bcb419c9a4500"
  app_key = "dfa4761cd510108fea468785f0b91d14c69c7fd1"
  api_url = "https://api.datadoghq.eu/"
}
