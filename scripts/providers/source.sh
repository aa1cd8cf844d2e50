# Sourced by scripts/workbench.sh and scripts/cdktn.sh: where Terraform (and `cdktn get`) find the docker and
# random providers. provider_source prints one word:
#   yours     TF_CLI_CONFIG_FILE has a provider_installation block: Terraform follows it, whatever answers
#   registry  the Terraform registry answers
#   mirror    neither: build them with Go into a filesystem mirror (scripts/providers/build-providers.sh)
provider_source() {
  if grep -qs provider_installation "${TF_CLI_CONFIG_FILE:-/nonexistent}"; then
    echo yours
  elif timeout 10 curl -fsS -o /dev/null https://registry.terraform.io/v1/providers/kreuzwerker/docker/versions 2>/dev/null; then
    echo registry
  else
    echo mirror
  fi
}
