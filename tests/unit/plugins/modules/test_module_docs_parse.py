"""Every module's DOCUMENTATION, EXAMPLES and RETURN parse as YAML.

ansible-test and antsibull-docs catch this too, but only late in `make test`.
"""

import importlib

import pytest
import yaml

MODULES = ["oracle_rac_backup", "job_info"]
SECTIONS = ["DOCUMENTATION", "EXAMPLES", "RETURN"]


@pytest.mark.parametrize("module_name", MODULES)
@pytest.mark.parametrize("section", SECTIONS)
def test_module_section_is_yaml(module_name, section):
    module = importlib.import_module(
        "ansible_collections.backupops.commvault.plugins.modules.%s" % module_name)

    parsed = yaml.safe_load(getattr(module, section))

    assert parsed
