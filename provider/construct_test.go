package provider

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// These tests drive the plugin the way the engine does: schema and
// Construct over the provider protocol, inputs as property values.

// engine records what Construct registers.
type engine struct {
	mu         sync.Mutex
	registered []integration.MockResourceArgs
}

func (e *engine) monitor() *integration.MockResourceMonitor {
	return &integration.MockResourceMonitor{
		NewResourceF: func(a integration.MockResourceArgs) (string, property.Map, error) {
			e.mu.Lock()
			e.registered = append(e.registered, a)
			e.mu.Unlock()
			if !a.Custom {
				return "", a.Inputs, nil
			}
			return a.Name + "-id", a.Inputs, nil
		},
		CallF: func(a integration.MockCallArgs) (property.Map, error) {
			out, err := lookupResults(string(a.Token))
			if err != nil {
				return property.Map{}, err
			}
			return resource.FromResourcePropertyValue(resource.NewProperty(resource.NewPropertyMapFromMap(out))).AsMap(), nil
		},
	}
}

func (e *engine) ofType(typ string) []integration.MockResourceArgs {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []integration.MockResourceArgs
	for _, r := range e.registered {
		if string(r.TypeToken) == typ {
			out = append(out, r)
		}
	}
	return out
}

func newServer(t *testing.T, e *engine) integration.Server {
	t.Helper()
	prov, err := Provider()
	require.NoError(t, err)
	opts := []integration.ServerOption{integration.WithProvider(prov)}
	if e != nil {
		opts = append(opts, integration.WithMocks(e.monitor()))
	}
	s, err := integration.NewServer(t.Context(), Name, semver.MustParse(Version), opts...)
	require.NoError(t, err)
	return s
}

var componentURN = resource.NewURN("stack", "project", "", OrgBackupToken, "backup")

func str(s string) property.Value { return property.New(s) }

func object(m map[string]property.Value) property.Value { return property.New(property.NewMap(m)) }

func array(vs ...property.Value) property.Value { return property.New(property.NewArray(vs)) }

// referenceInputs is referenceArgs as the engine sends it.
func referenceInputs(target property.Value) property.Map {
	rule := func(name, schedule string, days float64) property.Value {
		return object(map[string]property.Value{
			"name": str(name), "scheduleExpression": str(schedule), "deleteAfterDays": property.New(days),
		})
	}
	return property.NewMap(map[string]property.Value{
		"centralAccountResourceNamePrefix": str("immutable-aws-backup-"),
		"memberAccountResourceNamePrefix":  str("orgdeploy-aws-backup-"),
		"deployments": object(map[string]property.Value{
			"website-service": object(map[string]property.Value{
				"backupTargets":    array(target),
				"minRetentionDays": property.New(7.0),
				"maxRetentionDays": property.New(90.0),
				"backupTagKey":     str("BackupPlan"),
				"plans": object(map[string]property.Value{
					"GFS-7-28-90": object(map[string]property.Value{
						"rules": array(
							rule("daily", "cron(0 3 ? * * *)", 7),
							rule("weekly", "cron(0 3 ? * 2 *)", 28),
							rule("monthly", "cron(0 3 1 * ? *)", 90),
						),
					}),
				}),
			}),
		}),
	})
}

func TestSchema(t *testing.T) {
	resp, err := newServer(t, nil).GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	var schema struct {
		Name      string
		Resources map[string]struct {
			IsComponent     bool
			Description     string
			InputProperties map[string]struct{ Description string }
			Properties      map[string]struct{ Description string }
		}
		Types map[string]struct {
			Description string
			Properties  map[string]struct{ Description string }
			Enum        []struct{ Value, Description string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(resp.Schema), &schema))
	assert.Equal(t, "orgbackup", schema.Name)
	r, ok := schema.Resources[OrgBackupToken]
	require.True(t, ok, "resource %s in %v", OrgBackupToken, schema.Resources)
	assert.True(t, r.IsComponent)
	assert.NotEmpty(t, r.Description)
	for name, prop := range r.InputProperties {
		assert.NotEmpty(t, prop.Description, "input %s", name)
	}
	for name, prop := range r.Properties {
		assert.NotEmpty(t, prop.Description, "output %s", name)
	}
	for _, typ := range []string{"Deployment", "Plan", "Rule", "RetainedVault", "DeploymentOutputs"} {
		spec, ok := schema.Types["orgbackup:index:"+typ]
		require.True(t, ok, "type %s", typ)
		assert.NotEmpty(t, spec.Description, "type %s", typ)
		for name, prop := range spec.Properties {
			assert.NotEmpty(t, prop.Description, "%s.%s", typ, name)
		}
	}
	enum := schema.Types["orgbackup:index:MemberAccountResources"].Enum
	require.Len(t, enum, 2)
	for _, v := range enum {
		assert.NotEmpty(t, v.Description, "enum value %s", v.Value)
	}
}

func TestConstructRegistersPolicyAndAttachment(t *testing.T) {
	e := &engine{}
	resp, err := newServer(t, e).Construct(p.ConstructRequest{
		Urn:    componentURN,
		Inputs: referenceInputs(str("ou-abcd-defghijk")),
	})
	require.NoError(t, err)
	assert.Equal(t, componentURN, resp.Urn)
	// The backup policy on the target; the guard SCP is OrgPrerequisites'.
	require.Len(t, e.ofType(desired.OrganizationsPolicy), 1)
	attachments := e.ofType(desired.OrganizationsAttachment)
	require.Len(t, attachments, 1)
	for _, a := range attachments {
		assert.Equal(t, "ou-abcd-defghijk", a.Inputs.Get("targetId").AsString())
	}
	deployments := resp.State.Get("deployments").AsMap()
	names := deployments.Get("website-service").AsMap().Get("policyNames").AsArray()
	assert.Equal(t, "immutable-aws-backup-website-service", names.Get(0).AsString())
	assert.Equal(t, "111111111111", resp.State.Get("accountId").AsString())
}

func TestPreviewWithUnknownOU(t *testing.T) {
	e := &engine{}
	_, err := newServer(t, e).Construct(p.ConstructRequest{
		Urn:    componentURN,
		DryRun: true,
		Inputs: referenceInputs(property.New(property.Computed)),
	})
	require.NoError(t, err)
	attachments := e.ofType(desired.OrganizationsAttachment)
	require.Len(t, attachments, 1)
	for _, a := range attachments {
		assert.True(t, a.Inputs.Get("targetId").IsComputed())
	}
	assert.Len(t, e.ofType(desired.OrganizationsPolicy), 1)
	// Everything conditioned on the OU's path waits for its id; the alert
	// topic's key names no OU.
	keys := e.ofType(desired.KMSKey)
	require.Len(t, keys, 2)
	for _, k := range keys {
		assert.Equal(t, !strings.Contains(k.Name, "-alerts-key-"), k.Inputs.Get("policy").IsComputed(), k.Name)
	}
	for _, p := range e.ofType(desired.BackupVaultPolicy) {
		// A locked standard vault's policy names central roles only.
		assert.Equal(t, !strings.Contains(p.Name, "-standard-vault-"), p.Inputs.Get("policy").IsComputed(), p.Name)
	}
	for _, p := range e.ofType(desired.IAMRolePolicy) {
		if p.Name == "backup-website-service-role-ingest-sfn-policy" {
			assert.True(t, p.Inputs.Get("policy").IsComputed())
		}
	}
}

// An OU id that is known but comes from another resource fills in every
// policy conditioned on it.
func TestOUIdFromAnotherResource(t *testing.T) {
	ou := resource.NewURN("stack", "project", "", desired.OrganizationalUnit, "ou")
	e := &engine{}
	_, err := newServer(t, e).Construct(p.ConstructRequest{
		Urn:    componentURN,
		Inputs: referenceInputs(str("ou-abcd-defghijk").WithDependencies([]resource.URN{ou})),
	})
	require.NoError(t, err)
	keys := e.ofType(desired.KMSKey)
	require.Len(t, keys, 2, "the deployment key and the alert topic's")
	for _, k := range keys {
		if !strings.Contains(k.Name, "-alerts-key-") {
			assert.Contains(t, k.Inputs.Get("policy").AsString(), `"aws:PrincipalOrgPaths":"o-abcd1234ef/*/ou-abcd-defghijk/*"`)
		}
	}
	attachments := e.ofType(desired.OrganizationsAttachment)
	require.Len(t, attachments, 1)
	for _, a := range attachments {
		assert.Equal(t, "ou-abcd-defghijk", a.Inputs.Get("targetId").AsString())
	}
}

// An OU id that arrives as an output (it carries a dependency) is checked
// once known, and a bad one fails the deployment with its path.
func TestOutputOUIdIsValidatedWhenKnown(t *testing.T) {
	ou := resource.NewURN("stack", "project", "", desired.OrganizationalUnit, "ou")
	_, err := newServer(t, &engine{}).Construct(p.ConstructRequest{
		Urn:    componentURN,
		Inputs: referenceInputs(str("123456789012").WithDependencies([]resource.URN{ou})),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(),
		`deployments["website-service"].backupTargets[0]: "123456789012" is not an OU id (ou-...) or root id (r-...)`)
}

func TestConstructWithInvalidInputsRegistersNothing(t *testing.T) {
	e := &engine{}
	inputs := referenceInputs(str("ou-abcd-defghijk")).Set("memberAccountResourceNamePrefix",
		str("orgdeploy-immutable-aws-backup-"))
	_, err := newServer(t, e).Construct(p.ConstructRequest{Urn: componentURN, Inputs: inputs})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `deployments["website-service"]: backup vault name `+
		`"orgdeploy-immutable-aws-backup-website-service-default" is 54 characters, exceeds 50`)
	assert.Empty(t, e.registered)
}
