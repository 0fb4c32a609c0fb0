//go:build engine

package engine

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
)

// The management account's programs of examples/go, examples/typescript and
// examples/python run through each language's Automation API as inline
// programs: the engine tier has the CLI and the YAML language host, not
// those of Go, Node.js and Python. Each runs one step per process,
// `<command> up|noop|destroy WORKDIR`, and prints the step's result as JSON
// on its last line, as python/flow.py and typescript/flow.ts do for
// programs_test.go.

// TestGoManagementProgram runs examples/go/management: the example's
// package built as it is, with one file more, given by -overlay, whose init
// runs the example's program function through Go's Automation API.
func TestGoManagementProgram(t *testing.T) {
	t.Parallel()
	testManagementProgram(t, "orgbackup-go-management", goManagementStep(t))
}

// TestTypeScriptManagementProgram runs examples/typescript/management,
// compiled with the example's own TypeScript and packages, its exports the
// stack's outputs.
func TestTypeScriptManagementProgram(t *testing.T) {
	t.Parallel()
	examples, err := filepath.Abs("../../examples/typescript")
	require.NoError(t, err)
	modules := filepath.Join(examples, "node_modules")
	_, err = os.Stat(filepath.Join(modules, "@orgbackup", "pulumi-orgbackup"))
	require.NoError(t, err, "the example's packages are installed by make engine (engine-typescript)")
	out := t.TempDir()
	tsc := exec.Command(filepath.Join(modules, ".bin", "tsc"), "-p", filepath.Join(examples, "management"), "--outDir", out)
	tsc.Stderr, tsc.Stdout = os.Stderr, os.Stderr
	require.NoError(t, tsc.Run(), "tsc -p examples/typescript/management")
	driver := writeDriver(t, "step.js", nodeStep)
	// NODE_PATH: the compiled program and the driver load the example's
	// @pulumi/pulumi and SDK, one runtime for both.
	testManagementProgram(t, "orgbackup-typescript-management",
		[]string{"env", "NODE_PATH=" + modules, "node", driver, filepath.Join(out, "index.js"), "orgbackup-typescript-management"})
}

// TestPythonManagementProgram runs examples/python/management/__main__.py
// with sdk/python installed into the example's virtualenv.
func TestPythonManagementProgram(t *testing.T) {
	t.Parallel()
	python := os.Getenv("ORGBACKUP_PYTHON")
	require.NotEmpty(t, python, "run the engine tests with make engine (ORGBACKUP_PYTHON unset)")
	program, err := filepath.Abs("../../examples/python/management/__main__.py")
	require.NoError(t, err)
	testManagementProgram(t, "orgbackup-python-management",
		[]string{python, writeDriver(t, "step.py", pythonStep), program, "orgbackup-python-management"})
}

// testManagementProgram runs the steps of a management program in the
// management account of TestOrgPrerequisitesLifecycle's world and checks
// what examples/yaml/management registers there: up imports the backup
// account's existing AWS Backup registration and creates the rest; a no-op
// preview, up and refresh change nothing; destroy deletes only what is not
// retained.
func testManagementProgram(t *testing.T, project string, command []string) {
	h := newHarness(t)
	dir := filepath.Join(h.dir, project)
	require.NoError(t, os.Mkdir(dir, 0o755))
	world := World{AccountID: managementAccount,
		DelegatedAdministrators: map[string][]string{"backup.amazonaws.com": {"111111111111"}}}
	env := append(os.Environ(), h.env(project, world)...)
	step := func(name string) map[string]any {
		cmd := exec.Command(command[0], append(command[1:], name, dir)...)
		cmd.Env = env
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		require.NoError(t, err, "%s %s", command, name)
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		var result map[string]any
		require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &result))
		return result
	}

	mark := h.mark()
	up := step("up")
	// The same stack, selected from Go to read its state.
	stack, err := auto.SelectStackInlineSource(context.Background(), "test", project, nil,
		append(h.options(project, world), auto.WorkDir(dir))...)
	require.NoError(t, err)
	resources := h.resources(stack)
	outputs, _ := up["outputs"].(map[string]any)
	assertManagementResources(t, h.calls(mark), resources, outputs)

	mark = h.mark()
	step("noop")
	assert.Empty(t, changing(h.calls(mark)), "no-op preview, up and refresh change nothing")

	mark = h.mark()
	step("destroy")
	assert.Equal(t, resourceURNs(resources, func(r stateResource) bool { return !r.RetainOnDelete }),
		urns(byMethod(h.calls(mark), "Delete")), "destroy deletes what is not retained, nothing else")
	assert.Empty(t, h.resources(stack))
}

// assertManagementResources checks what up did in the management account
// (cs, the calls of up), for examples/yaml/management and the programs of
// the other languages: RAM sharing and cross-account backup; the existing
// AWS Backup registration imported, the StackSets one created; the
// delegation policy, the stack's delegationPolicy output, which gives the
// backup account only a read of service control policies
// (assertDelegation); all of these kept on destroy, and only the
// website-service deployment's guard SCP and its attachment to the
// deployment's target deleted; the outputs.
func assertManagementResources(t *testing.T, cs []calls.Call, resources []stateResource, outputs map[string]any) {
	t.Helper()
	types := map[string]int{}
	for _, r := range resources {
		types[r.Type]++
	}
	assert.Equal(t, map[string]int{
		desired.RAMSharingWithOrganization: 1, desired.BackupGlobalSettings: 1,
		desired.OrganizationsDelegatedAdministrator: 2, desired.OrganizationsResourcePolicy: 1,
		desired.OrganizationsPolicy: 1, desired.OrganizationsAttachment: 1,
	}, types)

	imported := byMethod(cs, "Import")
	require.Len(t, imported, 1, "the existing registration is imported, nothing else")
	assert.Equal(t, "111111111111/backup.amazonaws.com", imported[0].ID)
	created := urns(byMethod(cs, "Create"))
	assert.Len(t, created, len(resources)-1, "every other resource is created")
	assert.NotContains(t, created, imported[0].URN)

	// Deregistering would break the backup account's stack, and the
	// organization has one resource policy, which may hold what others
	// delegate: every registration (the adopted one and the one the
	// component made) stay on destroy, with the organization's settings.
	// The delegation policy, all of it the component's, and the guard SCP
	// with its attachment go.
	guard := resourceIDOf(resources, desired.OrganizationsPolicy)
	retained := map[string]bool{}
	for _, r := range resources {
		retained[r.Type+" "+r.ID] = r.RetainOnDelete
	}
	assert.Equal(t, map[string]bool{
		desired.RAMSharingWithOrganization + " " + managementAccount:                                                    true,
		desired.BackupGlobalSettings + " " + managementAccount:                                                          true,
		desired.OrganizationsDelegatedAdministrator + " 111111111111/backup.amazonaws.com":                              true,
		desired.OrganizationsDelegatedAdministrator + " 111111111111/member.org.stacksets.cloudformation.amazonaws.com": true,
		desired.OrganizationsResourcePolicy + " " + resourceIDOf(resources, desired.OrganizationsResourcePolicy):        false,
		desired.OrganizationsPolicy + " " + guard:                                                                       false,
		desired.OrganizationsAttachment + " " + exampleTarget + ":" + guard:                                             false,
	}, retained, "what destroy keeps (true) and deletes (false)")
	for _, r := range resources {
		switch r.Type {
		case desired.OrganizationsResourcePolicy:
			assert.Equal(t, outputs["delegationPolicy"], r.Inputs["content"])
			content, _ := r.Inputs["content"].(string)
			assertDelegation(t, content)
		case desired.OrganizationsPolicy:
			assert.Equal(t, desired.ServiceControlPolicy, r.Inputs["type"], "the guard is a service control policy")
			assert.Equal(t, exampleGuard, r.Inputs["name"])
		case desired.OrganizationsAttachment:
			assert.Equal(t, exampleTarget, r.Inputs["targetId"])
			assert.Equal(t, guard, r.Inputs["policyId"])
		}
	}

	guards, _ := outputs["guardPolicyIds"].(map[string]any)
	require.Len(t, guards, 1, "one guard SCP, of website-service: %v", outputs["guardPolicyIds"])
	assert.Equal(t, guard, guards["website-service"])
	assert.Contains(t, outputs, "manualSteps")
	assert.Empty(t, outputs["manualSteps"])
	assert.Equal(t, []any{"backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"},
		outputs["delegatedAdministrators"])
}

// resourceIDOf is the id of the (last) resource of typ among resources.
func resourceIDOf(resources []stateResource, typ string) string {
	id := ""
	for _, r := range resources {
		if r.Type == typ {
			id = r.ID
		}
	}
	return id
}

// assertDelegation checks the organization's delegation policy content
// with the guard SCPs in the management account's hands: of service
// control policies, the backup account may only list those attached to a
// target and describe them (OrgBackup's guard look-up), in one statement,
// ReadServiceControlPolicies; no other statement mentions them.
func assertDelegation(t *testing.T, content string) {
	t.Helper()
	var doc struct {
		Statement []map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(content), &doc), content)
	var scp []map[string]any
	for _, st := range doc.Statement {
		data, err := json.Marshal(st)
		require.NoError(t, err)
		if strings.Contains(string(data), desired.ServiceControlPolicy) {
			scp = append(scp, st)
		}
	}
	require.Len(t, scp, 1, "one statement on service control policies: %v", scp)
	st := scp[0]
	assert.Equal(t, "ReadServiceControlPolicies", st["Sid"])
	assert.Equal(t, "Allow", st["Effect"])
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::111111111111:root"}, st["Principal"])
	assert.ElementsMatch(t, []string{"organizations:DescribePolicy", "organizations:ListPoliciesForTarget"},
		stringsOf(st["Action"]), "read only")
	assert.Nil(t, st["NotAction"])
	assert.Equal(t, []string{"*"}, stringsOf(st["Resource"]))
	condition, _ := st["Condition"].(map[string]any)
	equals, _ := condition["StringEquals"].(map[string]any)
	assert.Len(t, condition, 1, "%v", st["Condition"])
	assert.Len(t, equals, 1, "%v", st["Condition"])
	assert.Equal(t, []string{desired.ServiceControlPolicy}, stringsOf(equals["organizations:PolicyType"]))
}

// stringsOf is an IAM policy value, one string or a list of them, as a list.
func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, len(v))
		for i, s := range v {
			out[i], _ = s.(string)
		}
		return out
	}
	return nil
}

// writeDriver writes a step driver into a directory of the test's own.
func writeDriver(t *testing.T, name, source string) string {
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(source), 0o644))
	return path
}

// goManagementStep builds examples/go/management with goStep added to its
// package (go build -overlay), and go.sum entries for the Automation API
// from this module's (-modfile: a copy of the example's go.mod beside a
// go.sum holding both), leaving the example's files as they are. The
// binary, run with a step and a work directory, runs that step.
func goManagementStep(t *testing.T) []string {
	examples, err := filepath.Abs("../../examples/go")
	require.NoError(t, err)
	tmp := t.TempDir()
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		return data
	}
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.mod"), read(filepath.Join(examples, "go.mod")), 0o644))
	sums := append(read(filepath.Join(examples, "go.sum")), read("go.sum")...)
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.sum"), sums, 0o644))
	step := filepath.Join(tmp, "engine_step.go")
	require.NoError(t, os.WriteFile(step, []byte(goStep), 0o644))
	overlay, err := json.Marshal(map[string]any{"Replace": map[string]string{
		filepath.Join(examples, "management", "engine_step.go"): step}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "overlay.json"), overlay, 0o644))

	binary := filepath.Join(tmp, "management")
	build := exec.Command("go", "build", "-mod=mod", "-modfile", filepath.Join(tmp, "go.mod"),
		"-overlay", filepath.Join(tmp, "overlay.json"), "-o", binary, "./management")
	build.Dir = examples
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build examples/go/management:\n%s", out)
	return []string{binary}
}

// goStep is added to examples/go/management's package main: with a step and
// a work directory as its arguments, the binary runs the example's program
// function as an inline program of the Automation API, prints the result
// and exits before main.
const goStep = `package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

func init() {
	if len(os.Args) != 3 {
		return
	}
	if err := engineStep(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func engineStep(step, dir string) error {
	ctx := context.Background()
	const project = "orgbackup-go-management"
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: os.Getenv("ORGBACKUP_ENGINE_ROOT")})
	if err != nil {
		return err
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "test", project, program,
		auto.Pulumi(cmd), auto.PulumiHome(os.Getenv("ORGBACKUP_PULUMI_HOME")), auto.WorkDir(dir),
		auto.Project(workspace.Project{Name: tokens.PackageName(project), Runtime: workspace.NewProjectRuntimeInfo("go", nil)}))
	if err != nil {
		return err
	}
	if err := stack.SetConfig(ctx, "aws:region", auto.ConfigValue{Value: "eu-west-2"}); err != nil {
		return err
	}
	result := map[string]any{}
	switch step {
	case "up":
		up, err := stack.Up(ctx)
		if err != nil {
			return err
		}
		outputs := map[string]any{}
		for k, v := range up.Outputs {
			outputs[k] = v.Value
		}
		result["outputs"] = outputs
	case "noop":
		if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges()); err != nil {
			return err
		}
		if _, err := stack.Up(ctx, optup.ExpectNoChanges()); err != nil {
			return err
		}
		if _, err := stack.Refresh(ctx, optrefresh.ExpectNoChanges()); err != nil {
			return err
		}
	case "destroy":
		if _, err := stack.Destroy(ctx); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown step %q", step)
	}
	return json.NewEncoder(os.Stdout).Encode(result)
}
`

// nodeStep: `node step.js PROGRAM PROJECT STEP WORKDIR`, PROGRAM a compiled
// Pulumi program whose exports are the stack's outputs.
const nodeStep = `const auto = require("@pulumi/pulumi/automation");
const [programPath, projectName, step, workDir] = process.argv.slice(2);

// Each run evaluates the program anew: noop runs it three times in one process.
async function program() {
    delete require.cache[require.resolve(programPath)];
    return { ...require(programPath) };
}

async function main() {
    const pulumiCommand = await auto.PulumiCommand.get({ root: process.env.ORGBACKUP_ENGINE_ROOT });
    const stack = await auto.LocalWorkspace.createOrSelectStack(
        { stackName: "test", projectName, program },
        { workDir, pulumiHome: process.env.ORGBACKUP_PULUMI_HOME, pulumiCommand },
    );
    await stack.setConfig("aws:region", { value: "eu-west-2" });
    const result = {};
    if (step === "up") {
        const up = await stack.up();
        result.outputs = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    } else if (step === "noop") {
        await stack.preview({ expectNoChanges: true });
        await stack.up({ expectNoChanges: true });
        await stack.refresh({ expectNoChanges: true });
    } else if (step === "destroy") {
        await stack.destroy();
    } else {
        throw new Error("unknown step " + step);
    }
    console.log(JSON.stringify(result));
}

main().catch(err => {
    console.error(err);
    process.exit(1);
});
`

// pythonStep: `python step.py PROGRAM PROJECT STEP WORKDIR`, PROGRAM a
// Pulumi program's __main__.py.
const pythonStep = `import json
import os
import runpy
import sys

from pulumi import automation as auto

program_path, project, step, work_dir = sys.argv[1:]
stack = auto.create_or_select_stack(
    stack_name="test",
    project_name=project,
    program=lambda: runpy.run_path(program_path, run_name="__main__"),
    opts=auto.LocalWorkspaceOptions(work_dir=work_dir, pulumi_home=os.environ["ORGBACKUP_PULUMI_HOME"],
                                    pulumi_command=auto.PulumiCommand(root=os.environ["ORGBACKUP_ENGINE_ROOT"])),
)
stack.set_config("aws:region", auto.ConfigValue("eu-west-2"))
result = {}
if step == "up":
    result["outputs"] = {k: v.value for k, v in stack.up().outputs.items()}
elif step == "noop":
    stack.preview(expect_no_changes=True)
    stack.up(expect_no_changes=True)
    stack.refresh(expect_no_changes=True)
elif step == "destroy":
    stack.destroy()
else:
    raise SystemExit("unknown step " + step)
print(json.dumps(result))
`
