"""Stand-in for the get-pip script that ansible-test downloads to bootstrap pip.

ansible-test creates one virtual environment per sanity test and bootstraps pip in
it with a get-pip script fetched from the internet. On machines without internet
access it runs a copy from its cache instead, and tests/utils/sanity.sh puts this
file there. It installs pip from the copy bundled with Python (ensurepip), then
installs the pip release that ansible-test asked for from the package index.
"""

import os
import ssl
import subprocess
import sys

# Options that only the real get-pip script understands.
GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")

# ansible-test passes a reduced environment, so the machine's certificate settings
# are lost; point pip at the system CA file again.
FALLBACK_CA_FILE = "/etc/ssl/certs/ca-certificates.crt"


def system_ca_file():
    """Return the path of the system's CA bundle."""
    for candidate in (ssl.get_default_verify_paths().openssl_cafile, FALLBACK_CA_FILE):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def main():
    ca_file = system_ca_file()
    if ca_file:
        os.environ["PIP_CERT"] = ca_file

    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])

    pip_arguments = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + pip_arguments)


if __name__ == "__main__":
    main()
