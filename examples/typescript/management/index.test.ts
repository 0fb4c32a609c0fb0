// Runs the management program under Pulumi's mocks: the OrgPrerequisites
// component receives every input of the backup account's OrgBackup and the
// backup account's id, and its outputs come back with their types. The
// resources it registers in the management account run only in the engine
// (tests/engine/prerequisites_programs_test.go).
import * as pulumi from "@pulumi/pulumi";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

// The organization every example deploys (this file runs from build/management).
const inputs = JSON.parse(readFileSync(`${__dirname}/../../../testdata/inputs.json`, "utf8"));
// What the mocked component answers with.
const outputs = {
    organizationId: "o-abcd1234ef",
    delegationPolicy: '{"Version":"2012-10-17","Statement":[]}',
    guardPolicyIds: { "website-service": "p-abcd1234" },
    delegatedAdministrators: ["backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"],
    manualSteps: [],
};

const registered: pulumi.runtime.MockResourceArgs[] = [];

pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs) {
        registered.push(args);
        const state = { ...args.inputs };
        if (args.type === "orgbackup:index:OrgPrerequisites") {
            Object.assign(state, outputs);
        }
        return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
    },
}, "orgbackup-typescript-management", "test", false);

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => output.apply(resolve));
}

test("the program passes every OrgBackup input and the backup account", async () => {
    const program = await import("./index");
    await value(program.delegationPolicy);
    const prerequisites = registered.find(r => r.type === "orgbackup:index:OrgPrerequisites");
    assert.ok(prerequisites, "an OrgPrerequisites is registered");
    assert.deepEqual(prerequisites.inputs, { ...inputs, backupAccountId: "111111111111" });
});

test("the program exports the typed outputs", async () => {
    const program = await import("./index");
    assert.equal(await value(program.delegationPolicy), outputs.delegationPolicy);
    assert.deepEqual(await value(program.guardPolicyIds), outputs.guardPolicyIds);
    assert.deepEqual(await value(program.delegatedAdministrators), outputs.delegatedAdministrators);
    assert.deepEqual(await value(program.manualSteps), []);
});
