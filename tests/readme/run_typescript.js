// Runs one TypeScript block of the documentation, compiled, as a Pulumi
// program under Pulumi's mocks, with the built SDK: every output it exports
// is awaited, so an error in an apply fails the run.
//
// usage: NODE_PATH=<node_modules of the SDK's install> node run_typescript.js BLOCK.js
// With ORGBACKUP_README_INPUTS set, the inputs OrgBackup receives are
// appended to that file, one JSON object a line, for the caller to validate.
const fs = require("node:fs");
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");

// What OrgBackup outputs for the example organization (the examples' test data).
const deployments = JSON.parse(fs.readFileSync(path.join(__dirname, "../../examples/testdata/deployments.json"), "utf8"));

pulumi.runtime.setMocks({
    newResource(args) {
        const state = { ...args.inputs };
        if (args.type === "orgbackup:index:OrgBackup") {
            state.deployments = deployments;
            if (process.env.ORGBACKUP_README_INPUTS) {
                fs.appendFileSync(process.env.ORGBACKUP_README_INPUTS, JSON.stringify(args.inputs) + "\n");
            }
        }
        return { id: `${args.name}-id`, state };
    },
    call(args) {
        return args.inputs;
    },
}, "readme", "test", false);

(async () => {
    const program = require(path.resolve(process.argv[2]));
    for (const value of Object.values(program)) {
        if (pulumi.Output.isInstance(value)) {
            await value.promise();
        }
    }
    await pulumi.runtime.disconnect();
})().catch(err => {
    console.error(err);
    process.exit(1);
});
