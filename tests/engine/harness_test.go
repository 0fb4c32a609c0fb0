//go:build engine

// Package engine runs the orgbackup plugin inside the Pulumi engine, with
// the test double standing in for the aws and aws-native plugins. make
// engine builds the CLI, the YAML language host, the plugin and the double,
// installs the plugins into ORGBACKUP_PULUMI_HOME and runs these tests.
package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
)

const region = "eu-west-2"

// harness is one test's Pulumi world: its own file backend, call log and
// the CLI and plugins make engine installed.
type harness struct {
	t       testing.TB
	dir     string
	backend string
	log     string
	pulumi  auto.PulumiCommand
	// expected are the errors a test provokes on purpose (expectError).
	expected []string
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	root := os.Getenv("ORGBACKUP_ENGINE_ROOT") // holds bin/pulumi
	home := os.Getenv("ORGBACKUP_PULUMI_HOME")
	if root == "" || home == "" {
		t.Fatal("run the engine tests with make engine (ORGBACKUP_ENGINE_ROOT and ORGBACKUP_PULUMI_HOME unset)")
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root})
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "state"), 0o755))
	h := &harness{t: t, dir: dir, backend: "file://" + filepath.Join(dir, "state"),
		log: filepath.Join(dir, "calls.jsonl"), pulumi: cmd}
	t.Cleanup(h.checkCalls)
	return h
}

// memberAccountProgram is a member account's Go program: a MemberAccount
// of deployment, reading centralStack's outputs, with a tag of its own.
func memberAccountProgram(centralStack, deployment string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := orgbackup.NewMemberAccount(ctx, "member", &orgbackup.MemberAccountArgs{
			CentralStack: pulumi.StringRef(centralStack),
			Deployment:   pulumi.StringRef(deployment),
			Tags:         pulumi.StringMap{"CostCentre": pulumi.String("platform")},
		})
		return err
	}
}

// assertNoOp previews and updates stack again, each expecting no change,
// and asserts that neither asked a provider to create, update or delete.
func (h *harness) assertNoOp(ctx context.Context, stack auto.Stack) {
	h.t.Helper()
	mark := h.mark()
	_, err := stack.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(h.t, err)
	_, err = stack.Up(ctx, optup.ExpectNoChanges())
	require.NoError(h.t, err)
	assert.Empty(h.t, changing(h.calls(mark)))
}

// checkCalls fails the test if the double refused any input, or failed any
// call but the look-up of a vault or bucket that does not exist and the
// failures the test expected.
func (h *harness) checkCalls() {
	for _, c := range h.calls(0) {
		if len(c.Failures) > 0 {
			h.t.Errorf("%s %s%s refused: %v", c.Method, c.URN, c.Token, c.Failures)
		}
		expected := slices.ContainsFunc(h.expected, func(e string) bool { return strings.Contains(c.Error, e) })
		if c.Error != "" && c.Token != desired.GetBackupVault && c.Token != desired.GetS3Bucket && !expected {
			h.t.Errorf("%s %s%s failed: %s", c.Method, c.URN, c.Token, c.Error)
		}
	}
}

// expectError lets the double's calls fail with an error containing text:
// a failure the test provokes and checks itself.
func (h *harness) expectError(text string) { h.expected = append(h.expected, text) }

// World is what the double's pretend account holds (see double/world.go).
type World struct {
	AccountID               string               `json:"accountId,omitempty"`
	BackupServiceLinkedRole bool                 `json:"backupServiceLinkedRole,omitempty"`
	OUAccounts              map[string][]Account `json:"ouAccounts,omitempty"`
	Vaults                  []Vault              `json:"vaults,omitempty"`
	// The organization's settings (nil: every one the examples need) and
	// the delegated administrators registered before, by service principal.
	FeatureSet              string              `json:"featureSet,omitempty"`
	ServiceAccessPrincipals []string            `json:"serviceAccessPrincipals"`
	PolicyTypes             []string            `json:"policyTypes"`
	DelegatedAdministrators map[string][]string `json:"delegatedAdministrators,omitempty"`
	// The names of the SCPs attached to each target besides FullAWSAccess
	// (nil: the guards of the organizations the tests deploy, attached
	// where OrgPrerequisites would attach them), and the organization's
	// policies, as AWS describes them.
	AttachedSCPs map[string][]string `json:"attachedScps,omitempty"`
	Policies     []Policy            `json:"policies,omitempty"`
	// Buckets are the account's S3 buckets, as a destroyed stack kept them.
	Buckets []Bucket `json:"buckets,omitempty"`
}

// Bucket is an S3 bucket of the World (double/world.go).
type Bucket struct {
	Region            string            `json:"region"`
	Name              string            `json:"name"`
	ObjectLockEnabled bool              `json:"objectLockEnabled,omitempty"`
	Policy            string            `json:"policy,omitempty"`
	Tags              map[string]string `json:"tags,omitempty"`
}

// Policy is an organization policy of the World.
type Policy struct {
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	Description string            `json:"description,omitempty"`
	Content     string            `json:"content"`
	Tags        map[string]string `json:"tags,omitempty"`
}

type Account struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

type Vault struct {
	Region    string            `json:"region"`
	Name      string            `json:"name"`
	KmsKeyArn string            `json:"kmsKeyArn"`
	Tags      map[string]string `json:"tags,omitempty"`
	// Locked: a backup vault with a Vault Lock of MinRetentionDays and
	// MaxRetentionDays (double/world.go), in governance mode without a
	// LockDate, in compliance mode with one: still removable before it,
	// immutable after.
	Locked   bool       `json:"locked,omitempty"`
	LockDate *time.Time `json:"lockDate,omitempty"`

	LogicallyAirGapped bool           `json:"logicallyAirGapped,omitempty"`
	MinRetentionDays   int            `json:"minRetentionDays,omitempty"`
	MaxRetentionDays   int            `json:"maxRetentionDays,omitempty"`
	AccessPolicy       map[string]any `json:"accessPolicy,omitempty"`
	MpaApprovalTeamArn string         `json:"mpaApprovalTeamArn,omitempty"`
}

// envVars are what every command of a stack named name runs with: its own
// backend, the passphrase, no plugin downloads, and the double's log and world.
func (h *harness) envVars(name string, world World) map[string]string {
	data, err := json.Marshal(world)
	require.NoError(h.t, err)
	worldFile := filepath.Join(h.dir, name+"-world.json")
	require.NoError(h.t, os.WriteFile(worldFile, data, 0o644))
	return map[string]string{
		"PULUMI_BACKEND_URL":                          h.backend,
		"PULUMI_CONFIG_PASSPHRASE":                    "engine-tests",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"ORGBACKUP_DOUBLE_LOG":                        h.log,
		"ORGBACKUP_DOUBLE_WORLD":                      worldFile,
	}
}

// setWorld changes what the double's pretend account holds for the
// commands of the stack name from now on: what happened outside it.
func (h *harness) setWorld(name string, world World) { h.envVars(name, world) }

// env is envVars as a process environment's entries.
func (h *harness) env(name string, world World) []string {
	var out []string
	for k, v := range h.envVars(name, world) {
		out = append(out, k+"="+v)
	}
	return out
}

func (h *harness) options(name string, world World) []auto.LocalWorkspaceOption {
	return []auto.LocalWorkspaceOption{
		auto.Pulumi(h.pulumi),
		auto.PulumiHome(os.Getenv("ORGBACKUP_PULUMI_HOME")),
		auto.EnvVars(h.envVars(name, world)),
	}
}

// yamlStack is the stack "test" of a Pulumi YAML project.
func (h *harness) yamlStack(name, program string, world World) auto.Stack {
	dir := filepath.Join(h.dir, name)
	require.NoError(h.t, os.MkdirAll(dir, 0o755))
	require.NoError(h.t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(program), 0o644))
	stack, err := auto.UpsertStackLocalSource(context.Background(), "test", dir, h.options(name, world)...)
	require.NoError(h.t, err)
	h.configure(stack)
	return stack
}

// goStack is the stack "test" of an inline Go program of project name.
func (h *harness) goStack(name string, program pulumi.RunFunc, world World) auto.Stack {
	dir := filepath.Join(h.dir, name)
	require.NoError(h.t, os.MkdirAll(dir, 0o755))
	opts := append(h.options(name, world), auto.WorkDir(dir),
		auto.Project(workspace.Project{Name: tokens.PackageName("orgbackup-" + name), Runtime: workspace.NewProjectRuntimeInfo("go", nil)}))
	stack, err := auto.UpsertStackInlineSource(context.Background(), "test", "orgbackup-"+name, program, opts...)
	require.NoError(h.t, err)
	h.configure(stack)
	return stack
}

func (h *harness) configure(stack auto.Stack) {
	require.NoError(h.t, stack.SetConfig(context.Background(), "aws:region", auto.ConfigValue{Value: region}))
}

// calls returns the calls the double recorded since mark (a count of
// calls, from h.mark).
func (h *harness) calls(mark int) []calls.Call {
	all, err := calls.Read(h.log)
	require.NoError(h.t, err)
	return all[mark:]
}

func (h *harness) mark() int { return len(h.calls(0)) }

// changing are the calls among cs that change a resource: Create, Update
// or Delete outside a preview.
func changing(cs []calls.Call) []calls.Call {
	var out []calls.Call
	for _, c := range cs {
		if !c.Preview && slices.Contains([]string{"Create", "Update", "Delete"}, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

func byMethod(cs []calls.Call, method string) []calls.Call {
	var out []calls.Call
	for _, c := range cs {
		if c.Method == method && !c.Preview {
			out = append(out, c)
		}
	}
	return out
}

func urns(cs []calls.Call) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.URN
	}
	slices.Sort(out)
	return out
}

// stateResource is a resource of the stack's checkpoint.
type stateResource struct {
	URN            string         `json:"urn"`
	Type           string         `json:"type"`
	Custom         bool           `json:"custom"`
	ID             string         `json:"id"`
	RetainOnDelete bool           `json:"retainOnDelete"`
	Inputs         map[string]any `json:"inputs"`
	Outputs        map[string]any `json:"outputs"`
}

// resources are the resources of the stack's state the double manages
// (providers and the engine's own stack references left out).
func (h *harness) resources(stack auto.Stack) []stateResource {
	exported, err := stack.Export(context.Background())
	require.NoError(h.t, err)
	var deployment apitype.DeploymentV3
	require.NoError(h.t, json.Unmarshal(exported.Deployment, &deployment))
	data, err := json.Marshal(deployment.Resources)
	require.NoError(h.t, err)
	var all []stateResource
	require.NoError(h.t, json.Unmarshal(data, &all))
	var out []stateResource
	for _, r := range all {
		if strings.HasPrefix(r.Type, "aws:") || strings.HasPrefix(r.Type, "aws-native:") {
			out = append(out, r)
		}
	}
	return out
}

// engineEvents collects the events of one operation: pass its channel as
// the operation's EventStreams option, and read the events once the
// operation returned without error (the Automation API closes the
// channel when the operation ends).
type engineEvents struct {
	ch   chan events.EngineEvent
	done chan struct{}
	all  []events.EngineEvent
}

func newEngineEvents() *engineEvents {
	e := &engineEvents{ch: make(chan events.EngineEvent), done: make(chan struct{})}
	go func() {
		defer close(e.done)
		for ev := range e.ch {
			e.all = append(e.all, ev)
		}
	}()
	return e
}

// warnings are the messages of the warnings the engine reported.
func (e *engineEvents) warnings() []string {
	<-e.done
	var out []string
	for _, ev := range e.all {
		if d := ev.DiagnosticEvent; d != nil && d.Severity == "warning" {
			out = append(out, d.Message)
		}
	}
	return out
}

// ops are the operations of the steps the engine announced, by URN.
func (e *engineEvents) ops() map[string]apitype.OpType {
	<-e.done
	out := map[string]apitype.OpType{}
	for _, ev := range e.all {
		if pre := ev.ResourcePreEvent; pre != nil {
			out[pre.Metadata.URN] = pre.Metadata.Op
		}
	}
	return out
}

func resourceURNs(rs []stateResource, keep func(stateResource) bool) []string {
	var out []string
	for _, r := range rs {
		if keep(r) {
			out = append(out, r.URN)
		}
	}
	slices.Sort(out)
	return out
}
