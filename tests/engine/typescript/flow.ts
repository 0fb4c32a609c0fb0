// A TypeScript program of OrgBackup through the Automation API, one step
// per run: `node build/flow.js up|noop|destroy WORKDIR`. TestTypeScriptProgram
// (programs_test.go) runs the steps and checks what reached the test
// double; the CLI, backend and double come from the environment it sets.
// Prints the step's result as JSON.
import * as orgbackup from "@orgbackup/pulumi-orgbackup";
import * as auto from "@pulumi/pulumi/automation";

const region = "eu-west-2";

async function program() {
    const backup = new orgbackup.OrgBackup("backup", {
        centralAccountResourceNamePrefix: "immutable-aws-backup-",
        memberAccountResourceNamePrefix: "orgdeploy-aws-backup-",
        regions: [region],
        tags: { CostCentre: "platform" },
        deployments: {
            web: {
                backupTargets: ["ou-abcd-00000000"],
                minRetentionDays: 7,
                maxRetentionDays: 90,
                backupTagKey: "BackupPlan",
                plans: {
                    "GFS-7-28-90": {
                        rules: [{ name: "daily", scheduleExpression: "cron(0 3 ? * * *)", deleteAfterDays: 7 }],
                    },
                    "air-gapped": {
                        useLogicallyAirGappedVault: true,
                        rules: [{ scheduleExpression: "cron(0 2 ? * * *)", deleteAfterDays: 14 }],
                    },
                },
            },
        },
    });
    // Read through the SDK's typed outputs.
    return {
        standardVaultArn: backup.deployments.apply(d => d["web"].regions[region].standardVaultArn),
        kmsKeyId: backup.deployments.apply(d => d["web"].memberAccountConfig.kmsKeyId),
    };
}

async function main(step: string, workDir: string) {
    const pulumiCommand = await auto.PulumiCommand.get({ root: process.env.ORGBACKUP_ENGINE_ROOT });
    const stack = await auto.LocalWorkspace.createOrSelectStack(
        { stackName: "test", projectName: "orgbackup-typescript", program },
        { workDir, pulumiHome: process.env.ORGBACKUP_PULUMI_HOME, pulumiCommand },
    );
    await stack.setConfig("aws:region", { value: region });
    let result = {};
    if (step === "up") {
        const up = await stack.up();
        const outputs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(up.outputs)) {
            outputs[k] = v.value;
        }
        result = { outputs };
    } else if (step === "noop") {
        await stack.preview({ expectNoChanges: true });
        await stack.up({ expectNoChanges: true });
        await stack.refresh({ expectNoChanges: true });
    } else if (step === "destroy") {
        await stack.destroy();
    }
    console.log(JSON.stringify(result));
}

main(process.argv[2], process.argv[3]).catch(err => {
    console.error(err);
    process.exit(1);
});
