# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.64.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:K6FcqXpiA65frzZmtQv64mbpQVBsK1sX9Y4kDLv9uXQ=",
    "h1:5FU5NBs7yu3pXpz/a2xHME5SLb7s+39WLctV6i90LDI=",
    "zh:a1fe85ae0a2a415cc1ca6a084fa22ac6e5e70dd43b924321839312266f9239c0",
    "zh:280717681550ca1b532e297c2b1e1d2ceab7b29a95e4e7591f8b4143cfb5697d",
    "zh:0568c71a70862c7a9fed4e9641615c9c54f8587066e43b33754f24eaf163452a",
  ]
}

provider "registry.terraform.io/hashicorp/random" {
  version     = "3.6.2"
  constraints = "~> 3.6"
  hashes = [
    "h1:fcNFuX47lUvmEPgiuryoQj9GxuxbOrwKdRfMRfr0anA=",
    "h1:drlanYoPdULP7XIrJpoGEm/mLdYxAjAxqZIs33c4VG0=",
    "zh:8fe3c9834e6bbb80d4d6ccae8895bd71e479eec9ab40c909f5b8d35ac48cdacb",
    "zh:9be2748329c9db99235859493cc7f48b0f91a97594b5d276322ba1356499f018",
    "zh:1cf910e7fc679cb042e6745f941e32cf07ae95b8e3ab281f89468112fb900d55",
  ]
}

provider "registry.terraform.io/cloudflare/cloudflare" {
  version     = "4.40.0"
  constraints = "~> 4.0"
  hashes = [
    "h1:MvqA005W/hSb2r1f/e0pHCXIP1qfT9mYjbXbZTSz130=",
    "h1:YMvDcdewpWeW+KS4fffo2kVpZlaqjW4tWQxbe+tSiYw=",
    "zh:03d2d8ed756330865f9b2c436e8d94344cd75e728bec0d56383712b80f768d74",
    "zh:0ac4c11cdbdf5a378beeeb604df2db2c41b31d2176baba5635b9ca90c7e17097",
    "zh:15e3d31d0e1c5d402aedd9356b458c5d1e16c15a937fe3317ab479a42156738b",
  ]
}
