# The deployer tier: the permissions render writes for the principals running
# OrgBackup and MemberAccount (provider/deployer) under the offline IAM
# simulator @cloud-copilot/iam-simulate (AGPL: test tooling only, pinned in
# tests/deployer/package-lock.json): every request the planned resources need
# is allowed, with the key policies and the organization's delegation policy of
# docs/prerequisites.md on the resource side; deleting what Pulumi retains and
# every request outside the plan are denied. $(NODE) and $(WITH_NODE), when the
# Makefile defines them, provide the pinned Node.js.
TEST_TIERS += deployer

DEPLOYER_SIM := tests/deployer

$(DEPLOYER_SIM)/node_modules/.installed: $(DEPLOYER_SIM)/package.json $(DEPLOYER_SIM)/package-lock.json $(NODE)
	cd $(DEPLOYER_SIM) && $(WITH_NODE) npm ci --no-audit --no-fund --ignore-scripts
	touch $@

.PHONY: deployer
deployer: $(DEPLOYER_SIM)/node_modules/.installed
	$(WITH_NODE) $(GO) test -tags simulator -count=1 -run UnderTheSimulator -v ./provider/deployer | grep -E '^(=== RUN|---|ok|FAIL|PASS)|requests|Error|Messages' | grep -v '^=== RUN'
