# The state-machine tier: every Step Functions definition render writes for the example
# configurations (the definition input of each aws:sfn/stateMachine:StateMachine resource of
# resources.json) under asl-validator, pinned in tests/asl/package-lock.json and run by the pinned
# Node.js. Every finding fails the tier but the one validator limit tests/asl/validate.mjs
# records ("Output": "", which AWS accepts and the validator's schema does not).
TEST_TIERS += statemachines

ASL_DIR := tests/asl

$(ASL_DIR)/node_modules/.installed: $(ASL_DIR)/package.json $(ASL_DIR)/package-lock.json $(NODE)
	cd $(ASL_DIR) && $(WITH_NODE) npm ci --no-audit --no-fund --ignore-scripts
	touch $@

.PHONY: statemachines
## statemachines: every rendered state machine definition under asl-validator
statemachines: render-examples $(ASL_DIR)/node_modules/.installed
	cd $(ASL_DIR) && $(WITH_NODE) ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) node validate.mjs
