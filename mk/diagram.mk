# The diagram tier (issue 18, part 5): the diagram.md render writes for every example
# configuration, and one tests/diagram/write makes from the reference example with names holding
# every character a label must escape, into $(DIAGRAMS). Every Mermaid block of those and of
# docs/diagram.md must parse under Mermaid's own parser
# (mermaid.parse in a jsdom window), pinned with its dependencies in
# tests/diagram/package-lock.json and run by the pinned Node.js ($(WITH_NODE)). The tier's own
# tests (tests/diagram/test) prove that a broken diagram, such as a label with an unescaped
# quote, fails it. No browser is involved.
DIAGRAM_DIR := tests/diagram
DIAGRAMS := $(CACHE)/diagram

$(DIAGRAM_DIR)/node_modules/.installed: $(DIAGRAM_DIR)/package.json $(DIAGRAM_DIR)/package-lock.json $(NODE)
	cd $(DIAGRAM_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 $(WITH_NODE) npm ci --no-audit --no-fund --ignore-scripts
	touch $@

.PHONY: diagram
## diagram: every example's diagram.md parses as Mermaid flowcharts
diagram: render-examples $(DIAGRAM_DIR)/node_modules/.installed
	rm -rf $(DIAGRAMS)
	$(GO) run ./$(DIAGRAM_DIR)/write -out $(DIAGRAMS) examples/config/reference.yaml
	cd $(DIAGRAM_DIR) && $(WITH_NODE) node check.mjs $(CURDIR)/$(DIAGRAMS) $(CURDIR)/$(RENDERED) $(CURDIR)/docs && \
		ORGBACKUP_DIAGRAMS=$(CURDIR)/$(RENDERED) $(WITH_NODE) node --test --test-reporter=spec 'test/**/*.test.mjs'

TEST_TIERS += diagram
