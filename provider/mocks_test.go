package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// testContext is what the mocked look-ups answer.
var testContext = config.Context{
	Partition:           "aws",
	AccountID:           "111111111111",
	OrganizationID:      "o-abcd1234ef",
	ManagementAccountID: "999999999999",
	Region:              "eu-west-2",
}

// lookupResults answers the component's look-ups with testContext.
func lookupResults(token string) (map[string]any, error) {
	return lookupResultsIn(testContext.AccountID, token)
}

const descendantAccountsToken = "aws:organizations/getOrganizationalUnitDescendantAccounts:" +
	"getOrganizationalUnitDescendantAccounts"

// The tokens of the guard look-up: the SCPs of a target, and one SCP.
const (
	policiesForTargetToken = "aws:organizations/getPoliciesForTarget:getPoliciesForTarget"
	policyToken            = "aws:organizations/getPolicy:getPolicy"
)

// fullAWSAccess is the AWS managed SCP on every target.
const fullAWSAccess = "FullAWSAccess"

// mockPolicyID is the id of the SCP named name: FullAWSAccess's, or a
// customer policy's (p- and 10 to 32 lowercase letters or digits,
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html).
func mockPolicyID(name string) string {
	if name == fullAWSAccess {
		return "p-FullAWSAccess"
	}
	sum := sha256.Sum256([]byte(name))
	return "p-" + hex.EncodeToString(sum[:])[:12]
}

// guardsAttached are the SCPs of the targets of args when the management
// account attached every deployment's guard (OrgPrerequisites deployed).
func guardsAttached(args OrgBackupArgs) map[string][]string {
	cfg := args.toConfig().WithDefaults(testContext)
	out := map[string][]string{}
	for _, key := range cfg.DeploymentKeys() {
		for _, target := range cfg.Deployments[key].BackupTargets {
			out[target] = append(out[target], "FullAWSAccess", cfg.Names(key).VaultManagerGuard())
		}
	}
	return out
}

// lookupResultsIn answers the look-ups of a component running in account.
func lookupResultsIn(account, token string) (map[string]any, error) {
	switch token {
	case desired.GetCallerIdentity:
		return map[string]any{"accountId": account, "arn": "arn:aws:iam::" + account + ":role/ci",
			"userId": "AROA", "id": account}, nil
	case desired.GetPartition:
		return map[string]any{"partition": testContext.Partition, "dnsSuffix": "amazonaws.com",
			"reverseDnsPrefix": "com.amazonaws", "id": testContext.Partition}, nil
	case desired.GetRegion:
		return map[string]any{"name": testContext.Region, "id": testContext.Region,
			"description": "Europe (London)", "endpoint": "ec2.eu-west-2.amazonaws.com"}, nil
	case desired.GetRoles:
		return map[string]any{"arns": []any{}, "names": []any{}, "id": "roles"}, nil
	case descendantAccountsToken:
		return map[string]any{"id": "accounts", "accounts": []any{
			map[string]any{"id": "222222222222", "status": "ACTIVE", "arn": "a", "email": "a@example.com", "name": "a"},
			map[string]any{"id": "333333333333", "status": "SUSPENDED", "arn": "b", "email": "b@example.com", "name": "b"},
			map[string]any{"id": "444444444444", "status": "ACTIVE", "arn": "c", "email": "c@example.com", "name": "c"},
		}}, nil
	case desired.GetOrganization:
		return map[string]any{"id": testContext.OrganizationID, "masterAccountId": testContext.ManagementAccountID,
			"arn": "arn:aws:organizations::999999999999:organization/o-abcd1234ef"}, nil
	}
	return nil, fmt.Errorf("unexpected invoke %s", token)
}

// child is a resource the component registered.
type child struct {
	Type, Name          string
	Inputs              resource.PropertyMap
	Outputs             resource.PropertyMap
	Parent              string
	Provider            string
	Version             string
	Dependencies        []string
	RetainOnDelete      bool
	DeleteBeforeReplace bool
	ImportID            string
	Aliases             []string // names of the alias specs
}

// mocks records every registration of a program run with pulumi.WithMocks.
type mocks struct {
	account      string         // the account the program runs in; testContext's when empty
	stackOutputs map[string]any // outputs of every stack reference
	// vaults exist already, as "<provider name>/<vault name>", the provider
	// name "" standing for the component's.
	vaults map[string]bool
	// buckets exist already, by name.
	buckets map[string]bool
	// ouAccounts, when set, answers the look-up of the accounts under an
	// OU: the ACTIVE accounts of each parent id, none for other ids.
	ouAccounts map[string][]string
	// scps are the names of the service control policies attached to each
	// target, as the guard look-up reads them; none when nil.
	scps     map[string][]string
	mu       sync.Mutex
	children []child
}

func (m *mocks) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	state := a.Inputs.Copy()
	if a.TypeToken == desired.StackReference {
		state["outputs"] = resource.NewProperty(resource.NewPropertyMapFromMap(m.stackOutputs))
		state["secretOutputNames"] = resource.NewProperty([]resource.PropertyValue{})
	}
	state["arn"] = resource.NewProperty("arn:mock:" + a.TypeToken + ":" + a.Name)
	if a.TypeToken == desired.BackupAirGappedVault {
		state["backupVaultArn"] = state["arn"]
	}
	state["keyId"] = resource.NewProperty("key-id-of-" + a.Name)
	rpc := a.RegisterRPC
	var aliases []string
	for _, alias := range rpc.GetAliases() {
		aliases = append(aliases, alias.GetSpec().GetName())
	}
	m.mu.Lock()
	m.children = append(m.children, child{
		Type: a.TypeToken, Name: a.Name, Inputs: a.Inputs, Outputs: state, Parent: rpc.GetParent(),
		Provider: a.Provider, Version: rpc.GetVersion(), Dependencies: rpc.GetDependencies(),
		RetainOnDelete: rpc.GetRetainOnDelete(), DeleteBeforeReplace: rpc.GetDeleteBeforeReplace(),
		ImportID: rpc.GetImportId(), Aliases: aliases,
	})
	m.mu.Unlock()
	return a.Name + "-id", state, nil
}

func (m *mocks) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if a.Token == desired.GetBackupVault {
		name := a.Args["name"].StringValue()
		if !m.vaults[providerName(a.Provider)+"/"+name] {
			return nil, fmt.Errorf("reading Backup Vault (%s): ResourceNotFoundException", name)
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": name, "name": name,
			"arn": "arn:aws:backup:region:" + m.account + ":backup-vault:" + name}), nil
	}
	if a.Token == desired.GetS3Bucket {
		name := a.Args["bucket"].StringValue()
		if !m.buckets[name] {
			return nil, fmt.Errorf("reading S3 Bucket (%s): couldn't find resource", name)
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": name, "bucket": name, "arn": "arn:aws:s3:::" + name}), nil
	}
	if a.Token == descendantAccountsToken && m.ouAccounts != nil {
		accounts := []any{}
		for _, id := range m.ouAccounts[a.Args["parentId"].StringValue()] {
			accounts = append(accounts, map[string]any{"id": id, "status": "ACTIVE", "arn": "arn:" + id,
				"email": id + "@example.com", "name": id})
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": "accounts", "accounts": accounts}), nil
	}
	switch a.Token {
	case policiesForTargetToken:
		ids := []any{}
		for _, name := range m.scps[a.Args["targetId"].StringValue()] {
			ids = append(ids, mockPolicyID(name))
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": "policies", "ids": ids,
			"filter": a.Args["filter"].StringValue(), "targetId": a.Args["targetId"].StringValue()}), nil
	case policyToken:
		id := a.Args["policyId"].StringValue()
		name := ""
		for _, names := range m.scps {
			for _, n := range names {
				if mockPolicyID(n) == id {
					name = n
				}
			}
		}
		if name == "" || name == fullAWSAccess {
			// The deployer may describe only the organization's policies.
			return nil, fmt.Errorf("AccessDeniedException: organizations:DescribePolicy on %s", id)
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": id, "policyId": id, "name": name,
			"type": "SERVICE_CONTROL_POLICY", "arn": "arn:" + id, "content": "{}", "description": "", "awsManaged": false}), nil
	}
	account := m.account
	if account == "" {
		account = testContext.AccountID
	}
	out, err := lookupResultsIn(account, a.Token)
	if err != nil {
		return nil, err
	}
	return resource.NewPropertyMapFromMap(out), nil
}

// providerName is the resource name in a provider reference (urn::id), ""
// for none.
func providerName(reference string) string {
	parts := strings.Split(reference, "::")
	if len(parts) < 2 {
		return ""
	}
	return parts[len(parts)-2]
}

// byName returns the recorded resources by logical name.
func (m *mocks) byName() map[string]child {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]child{}
	for _, c := range m.children {
		out[c.Name] = c
	}
	return out
}

// ofType returns the recorded resources of a type, by name.
func (m *mocks) ofType(typ string) []child {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []child
	for _, c := range m.children {
		if c.Type == typ {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// run constructs an OrgBackup under mocks and returns what was registered
// and the resolved deployments output.
func run(args OrgBackupArgs) (*mocks, map[string]DeploymentOutputs, error) {
	m := &mocks{scps: guardsAttached(args)}
	var deployments map[string]DeploymentOutputs
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		c, err := NewOrgBackup(ctx, "backup", args)
		if err != nil {
			return err
		}
		c.Deployments.ApplyT(func(d map[string]DeploymentOutputs) map[string]DeploymentOutputs {
			deployments = d
			return d
		})
		return nil
	}, pulumi.WithMocks("project", "stack", m))
	return m, deployments, err
}
