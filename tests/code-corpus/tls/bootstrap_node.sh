#!/usr/bin/env bash
# Bootstrap a build agent: toolchains, internal CA, package mirrors.
set -euo pipefail

ARTIFACTS="https://artifacts.internal.example.com"
NODE_VERSION="20.11.1"
WORKDIR="$(mktemp -d)"
trap 'rm -rf "$WORKDIR"' EXIT

log() { printf '[bootstrap] %s\n' "$*" >&2; }

install_internal_ca() {
  log "fetching internal CA"
  curl -k -o /usr/local/share/ca-certificates/internal-ca.crt "$ARTIFACTS/ca/internal-ca.crt" # ward-expect: tls
  update-ca-certificates
}

install_node() {
  curl -fsSL --insecure "$ARTIFACTS/node/node-v${NODE_VERSION}-linux-x64.tar.xz" -o "$WORKDIR/node.tar.xz" # ward-expect: tls
  tar -xJf "$WORKDIR/node.tar.xz" -C /usr/local --strip-components=1
}

install_tools() {
  wget --no-check-certificate -q -O "$WORKDIR/tools.zip" "$ARTIFACTS/tools/latest.zip" # ward-expect: tls
  unzip -q "$WORKDIR/tools.zip" -d /opt/tools
}

configure_git() {
  git config --global http.sslVerify false # ward-expect: tls
  git config --global user.name "build-agent"
}

configure_npm() {
  npm config set strict-ssl false # ward-expect: tls
  npm config set registry "$ARTIFACTS/npm/"
}

configure_pip() {
  pip install --trusted-host artifacts.internal.example.com -r requirements.txt # ward-expect: tls
}

probe() {
  curl -kv "$ARTIFACTS/health" # ward-expect: tls
  curl -sk "$ARTIFACTS/version" | jq -r .version # ward-expect: tls
}

legacy_env() {
  export GIT_SSL_NO_VERIFY=1 # ward-expect: tls
  export PYTHONHTTPSVERIFY=0 # ward-expect: tls
}

# ward-good: tls
install_internal_ca_verified() {
  curl -fsSL --cacert /etc/pki/bootstrap-ca.pem -o /usr/local/share/ca-certificates/internal-ca.crt "$ARTIFACTS/ca/internal-ca.crt"
  update-ca-certificates
}

# ward-good: tls
fetch_with_config() {
  # -K reads options from a config file (headers, auth); it is not --insecure
  curl -K "$HOME/.config/artifacts.curlrc" -fsSL "$ARTIFACTS/tools/manifest.json" -o "$WORKDIR/manifest.json"
}

# ward-good: tls
top_consumers() {
  du -sk /var/cache/* | sort -k1 -n -r | head -5
}

# ward-good: tls
configure_git_verified() {
  git config --global http.sslVerify true
  git config --global http.sslCAInfo /etc/ssl/certs/ca-certificates.crt
}

# ward-good: tls
configure_npm_verified() {
  npm config set strict-ssl true
  npm config set cafile /etc/ssl/certs/ca-certificates.crt
}

# ward-good: tls
download_verified() {
  wget -q --ca-certificate=/etc/ssl/certs/ca-certificates.crt -O "$WORKDIR/tools.zip" "$ARTIFACTS/tools/latest.zip"
  make -k -C /opt/tools check || log "some checks failed, see log (do not use curl -k to work around cert errors)"
}

# ward-good: tls
# curl -k "$ARTIFACTS/health"   # old probe, kept for reference

main() {
  install_internal_ca_verified
  install_node
  install_tools
  configure_git_verified
  configure_npm_verified
  log "done"
}

main "$@"
