// Runs the program under Pulumi's mocks: the OrgBackup component receives
// every input, and its outputs come back with their types.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

// The organization every example deploys, and what OrgBackup outputs for it.
const fixture = (name: string) => JSON.parse(readFileSync(`${__dirname}/../../testdata/${name}.json`, "utf8"));
const expectedInputs = fixture("inputs");
const deployments = fixture("deployments");

const registered: pulumi.runtime.MockResourceArgs[] = [];

pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs) {
        registered.push(args);
        const state = { ...args.inputs };
        if (args.type === "orgbackup:index:OrgBackup") {
            state.deployments = deployments;
        }
        return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
    },
}, "orgbackup-typescript", "test", false);

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => output.apply(resolve));
}

test("the program passes every OrgBackup input", async () => {
    const program = await import("./index");
    await value(program.standardVaultArn);
    const backup = registered.find(r => r.type === "orgbackup:index:OrgBackup");
    assert.ok(backup, "an OrgBackup is registered");
    assert.deepEqual(backup.inputs, expectedInputs);
});

test("the program reads typed outputs", async () => {
    const program = await import("./index");
    const website = deployments["website-service"];
    assert.equal(await value(program.standardVaultArn), website.regions["eu-west-2"].standardVaultArn);
    assert.deepEqual(await value(program.policyNames), website.policyNames);
});
