# The example-typescript tier: the TypeScript example (examples/typescript) against the built
# sdk/nodejs, type-checked and run under mocks, with the pinned Node.js; its management account's
# program (examples/typescript/management, its own tsconfig.json) compiled into build/management.
TEST_TIERS += example-typescript

.PHONY: example-typescript
## example-typescript: the TypeScript example under mocks
example-typescript: sdk-nodejs $(NODE)
	cd examples/typescript && $(WITH_NODE) npm ci --install-links --no-audit --no-fund --ignore-scripts
	cd examples/typescript && $(WITH_NODE) npm run typecheck && $(WITH_NODE) npm test
	cd examples/typescript && $(WITH_NODE) node_modules/.bin/tsc -p management && $(WITH_NODE) node --test build/management/*.test.js
