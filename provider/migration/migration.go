// Package migration adopts what the reference Terraform module
// (nationalarchives/terraform-aws-immutable-aws-backup) created: from the
// central plan, the `pulumi import --file` document that brings each of
// those resources under the OrgBackup component, by the module's physical
// names, and the Terraform addresses to forget afterwards.
//
// The import file format is Pulumi's
// (https://www.pulumi.com/docs/iac/cli/commands/pulumi_import/ and
// https://www.pulumi.com/docs/iac/guides/migration/import/#bulk-import-operations):
// resources[] of {type, name, id, parent, version, component, inputs}.
// The component is an entry of the file, so no nameTable maps a URN: since
// Pulumi v3.94.0 an import creates an empty component and resolves parents
// among the file's own entries
// (https://github.com/pulumi/pulumi/releases/tag/v3.94.0). Each id is in
// the format of its type's "Import" section in the pulumi-aws v6 registry
// docs (the tests cite each). An id only AWS knows (a KMS key id, a policy
// id, an EventBridge target id) is a Lookup placeholder that Fill completes
// from `terraform show -json`.
package migration

import (
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// File is an import file of `pulumi import --file`.
type File struct {
	Resources []Resource `json:"resources"`
}

// Resource is one entry of an import file. Name is the Pulumi logical
// name (the file's name and the resource's are the same here), Parent the
// Name of another entry.
type Resource struct {
	Type      string         `json:"type"`
	Name      string         `json:"name"`
	ID        string         `json:"id,omitempty"`
	Parent    string         `json:"parent,omitempty"`
	Version   string         `json:"version,omitempty"`
	Component bool           `json:"component,omitempty"`
	Inputs    map[string]any `json:"inputs,omitempty"`
	// TerraformAddress is where the reference module's state holds the
	// resource, relative to the module's own address.
	TerraformAddress string `json:"-"`
}

// ComponentType is the type of the component every entry lands under.
const ComponentType = "orgbackup:index:OrgBackup"

// Import is the import file of the resources of plan that the reference
// module creates, under the OrgBackup named component, in plan order.
// The first entry is the component itself, empty, so the children have
// their parent in the same file. It is not "remote": the engine records a
// constructed multi-language component without a provider, and an import
// with one would make the next up replace it. Every other entry is
// a child of it, its logical name the component's name joined with the
// planned name as the component registers it. Resources the reference
// module does not create (see Excluded) have no entry: `pulumi up`
// creates them.
func Import(cfg config.Config, ctx config.Context, plan central.Result, component string) File {
	m := newMapper(cfg, ctx, plan)
	file := File{Resources: []Resource{{Type: ComponentType, Name: component, Component: true}}}
	for _, r := range plan.Resources {
		ref, ok := m.reference(r)
		if !ok {
			continue
		}
		entry := Resource{
			Type: r.Type, Name: component + "-" + r.Name, ID: ref.id, Parent: component, Version: desired.AWSVersion,
			Inputs: ref.inputs, TerraformAddress: ref.address,
		}
		file.Resources = append(file.Resources, entry)
	}
	return file
}

// Excluded are the resources of plan that Import leaves out, by planned
// logical name: the reference module creates nothing they could adopt.
func Excluded(cfg config.Config, ctx config.Context, plan central.Result) []desired.Resource {
	m := newMapper(cfg, ctx, plan)
	var out []desired.Resource
	for _, r := range plan.Resources {
		if _, ok := m.reference(r); !ok {
			out = append(out, r)
		}
	}
	return out
}

// TerraformAddresses are the module-relative addresses of the entries of
// file, in file order: what `terraform state rm` forgets once Pulumi owns
// the resources.
func TerraformAddresses(file File) []string {
	var out []string
	for _, r := range file.Resources {
		if r.TerraformAddress != "" {
			out = append(out, r.TerraformAddress)
		}
	}
	return out
}

// Lookup is the placeholder of an attribute of a resource in the
// reference module's Terraform state, at a module-relative address.
func Lookup(address, attribute string) string {
	return lookupOpen + address + " " + attribute + lookupClose
}

const (
	lookupOpen  = "{{terraform "
	lookupClose = "}}"
)

// mapper matches planned resources with what the reference module creates.
type mapper struct {
	cfg      config.Config
	ctx      config.Context
	physical map[string]string // planned logical name → physical name
}

func newMapper(cfg config.Config, ctx config.Context, plan central.Result) *mapper {
	m := &mapper{cfg: cfg, ctx: ctx, physical: map[string]string{}}
	for _, r := range plan.Resources {
		m.physical[r.Name] = r.PhysicalName
	}
	return m
}

// referenced is how the reference module holds a resource.
type referenced struct {
	address string         // module-relative Terraform address
	id      string         // import id, or with Lookup placeholders
	inputs  map[string]any // inputs its provider's Read cannot return
}

// refName is the physical name of the planned resource ref refers to, ""
// for an unset Ref.
func (m *mapper) refName(ref desired.Ref) string {
	if ref == (desired.Ref{}) {
		return ""
	}
	return m.physical[ref.Resource]
}

// The reference module's per-deployment and per-region module addresses
// (main.tf: module "deployment" for_each = var.deployments;
// modules/service-deployment/regional.tf: module "region" for_each =
// deployment regions).
func deploymentAddress(key string) string { return `module.deployment["` + key + `"]` }
func regionAddress(key, region string) string {
	return deploymentAddress(key) + `.module.region["` + region + `"]`
}

// The reference module's role modules (modules/service-deployment/iam-*.tf),
// by the physical role name each creates.
func roleModules(n naming.Deployment) map[string]string {
	return map[string]string{
		n.BackupServiceRole():       "backup_service_role",
		n.EventForwarderRole():      "default_to_event_bus_role",
		n.IngestEventBridgeRole():   "backup_ingest_eventbridge_role",
		n.IngestStateMachineRole():  "backup_ingest_sfn_role",
		n.IngestStatesRole():        "backup_ingest_sfn_state_role",
		n.RestoreStateMachineRole(): "backup_restore_sfn_role",
	}
}

// referenceManagedPolicies are the managed policies the reference attaches
// to its backup service role (modules/service-deployment/iam-service-role.tf),
// by their path after "policy/".
var referenceManagedPolicies = []string{
	"service-role/AWSBackupServiceRolePolicyForBackup",
	"AWSBackupServiceRolePolicyForS3Backup",
}

// reference returns how the reference module holds r, and false when it
// creates no such resource: anything outside the component's own region
// (the module is single-region), split organization policies beyond the
// first, the locked vaults' policies, the event bus log policy shared by
// all deployments, and the RAM share, which the component registers
// through an aws-native provider of its own. The StackSet and its
// instances are left out too: the member template cannot be updated from
// the module's in place (its roles keep their names under other logical
// ids, its vaults are custom resources of another type), so the module's
// StackSet is deleted first and the component creates its own
// (docs/migration.md).
func (m *mapper) reference(r desired.Resource) (referenced, bool) {
	if r.Deployment == "" {
		return m.accountWide(r)
	}
	if r.Region != "" && (r.Region != m.ctx.Region || r.Provider != "") {
		return referenced{}, false
	}
	n := m.cfg.Names(r.Deployment)
	d := deploymentAddress(r.Deployment)
	reg := regionAddress(r.Deployment, r.Region)
	switch r.Type {
	case desired.OrganizationsPolicy:
		if r.PhysicalName != n.OrganizationPolicy() {
			return referenced{}, false
		}
		address := d + ".aws_organizations_policy.backup_policy"
		return referenced{address: address, id: Lookup(address, "id")}, true
	case desired.OrganizationsAttachment:
		attachment, ok := desired.ArgsOf[desired.PolicyAttachmentArgs](r)
		if !ok || m.refName(attachment.PolicyID) != n.OrganizationPolicy() {
			return referenced{}, false
		}
		ou := m.cfg.Deployments[r.Deployment].BackupTargets[attachment.TargetID.Index]
		policy := d + ".aws_organizations_policy.backup_policy"
		// Import id: "<target id>:<policy id>" (registry: organizations/policyattachment#import).
		return referenced{address: d + `.aws_organizations_policy_attachment.backup_policy["` + ou + `"]`,
			id: ou + ":" + Lookup(policy, "id")}, true
	case desired.IAMRole:
		module, ok := roleModules(n)[r.PhysicalName]
		if !ok {
			return referenced{}, false
		}
		return referenced{address: d + ".module." + module + ".aws_iam_role.this", id: r.PhysicalName}, true
	case desired.IAMRolePolicy:
		policy, ok := desired.ArgsOf[desired.RolePolicyArgs](r)
		role := m.refName(policy.Role)
		module, isRole := roleModules(n)[role]
		// The reference names each inline policy after its role (modules/iam-role/main.tf).
		if !ok || !isRole || policy.Name != role || module == "backup_service_role" {
			return referenced{}, false
		}
		return referenced{address: d + ".module." + module + ".aws_iam_role_policy.this[0]", id: role + ":" + role}, true
	case desired.IAMRolePolicyAttachment:
		attachment, ok := desired.ArgsOf[desired.RolePolicyAttachmentArgs](r)
		role, arn := m.refName(attachment.Role), attachment.PolicyARN
		if !ok || role != n.BackupServiceRole() || !isReferenceManagedPolicy(arn) {
			return referenced{}, false
		}
		return referenced{address: d + ".module.backup_service_role.aws_iam_role_policy_attachment.this[\"" + arn + "\"]",
			id: role + "/" + arn}, true
	case desired.KMSKey:
		if r.RetainOnDelete { // the deployment key, not the alert topic's
			address := d + ".aws_kms_key.key"
			return referenced{address: address, id: Lookup(address, "key_id")}, true
		}
	case desired.KMSAlias:
		if r.PhysicalName == n.KMSAlias() {
			return referenced{address: d + ".aws_kms_alias.key", id: r.PhysicalName}, true
		}
	case desired.BackupVault:
		switch {
		case r.PhysicalName == n.IntermediateVault():
			// force_destroy is Terraform's own flag, not read back from AWS; the reference sets it too.
			return referenced{address: reg + ".aws_backup_vault.intermediate", id: r.PhysicalName,
				inputs: map[string]any{"forceDestroy": true}}, true
		case strings.HasPrefix(r.PhysicalName, n.StandardVault("")):
			cfg := strings.TrimPrefix(r.PhysicalName, n.StandardVault(""))
			return referenced{address: reg + `.aws_backup_vault.standard["` + cfg + `"]`, id: r.PhysicalName}, true
		}
	case desired.BackupVaultLockConfiguration:
		lock, ok := desired.ArgsOf[desired.VaultLockConfigurationArgs](r)
		if !ok {
			break
		}
		vault := m.refName(lock.BackupVaultName)
		cfg := strings.TrimPrefix(vault, n.StandardVault(""))
		// changeableForDays is not read back from AWS (the provider's Read
		// sets only the vault name and ARN and the retention days); without it
		// the next up would replace the lock.
		return referenced{address: reg + `.aws_backup_vault_lock_configuration.standard["` + cfg + `"]`, id: vault,
			inputs: map[string]any{"changeableForDays": lock.ChangeableForDays}}, true
	case desired.BackupLogicallyAirGapped:
		cfg := strings.TrimPrefix(r.PhysicalName, n.LAGVault(""))
		return referenced{address: reg + `.aws_backup_logically_air_gapped_vault.lag["` + cfg + `"]`, id: r.PhysicalName}, true
	case desired.BackupVaultPolicy:
		policy, ok := desired.ArgsOf[desired.VaultPolicyArgs](r)
		if !ok {
			break
		}
		vault := m.refName(policy.BackupVaultName)
		switch {
		case vault == n.IntermediateVault():
			return referenced{address: reg + ".aws_backup_vault_policy.intermediate", id: vault}, true
		case strings.HasPrefix(vault, n.LAGVault("")):
			cfg := strings.TrimPrefix(vault, n.LAGVault(""))
			return referenced{address: reg + `.aws_backup_vault_policy.lag["` + cfg + `"]`, id: vault}, true
		}
	case desired.EventBus:
		return referenced{address: reg + ".aws_cloudwatch_event_bus.event_bus", id: r.PhysicalName}, true
	case desired.EventBusPolicy:
		policy, ok := desired.ArgsOf[desired.EventBusPolicyArgs](r)
		if !ok {
			break
		}
		return referenced{address: reg + ".aws_cloudwatch_event_bus_policy.event_bus", id: m.refName(policy.EventBusName)}, true
	case desired.LogGroup:
		resource, ok := map[string]string{
			n.EventBusLogGroup(): "event_bus", n.IngestLogGroup(): "backup_ingest", n.RestoreLogGroup(): "backup_restore",
		}[r.PhysicalName]
		if !ok {
			return referenced{}, false
		}
		return referenced{address: reg + ".aws_cloudwatch_log_group." + resource, id: r.PhysicalName}, true
	case desired.EventRule:
		rule, ok := desired.ArgsOf[desired.EventRuleArgs](r)
		resource, isReference := m.ruleResource(n, r.PhysicalName)
		if !ok || !isReference {
			return referenced{}, false
		}
		return referenced{address: reg + ".aws_cloudwatch_event_rule." + resource,
			id: ruleID(m.refName(rule.EventBusName), r.PhysicalName)}, true
	case desired.EventTarget:
		target, ok := desired.ArgsOf[desired.EventTargetArgs](r)
		rule := m.refName(target.Rule)
		resource, isReference := m.ruleResource(n, rule)
		if !ok || !isReference {
			return referenced{}, false
		}
		address := reg + ".aws_cloudwatch_event_target." + resource
		// Terraform generated the target id; only its state knows it.
		return referenced{address: address,
			id: ruleID(m.refName(target.EventBusName), rule) + "/" + Lookup(address, "target_id")}, true
	case desired.StateMachine:
		resource, ok := map[string]string{
			n.IngestStateMachine(): "backup_ingest", n.RestoreStateMachine(): "backup_restore",
		}[r.PhysicalName]
		if !ok {
			return referenced{}, false
		}
		return referenced{address: reg + ".aws_sfn_state_machine." + resource,
			id: naming.StateMachineARN(m.ctx.Partition, r.Region, m.ctx.AccountID, r.PhysicalName)}, true
	}
	return referenced{}, false
}

// accountWide matches the resources no deployment owns: the reference
// creates AWS Backup's service-linked role when the account has none
// (iam-service-linked-role.tf), nothing else of ours.
func (m *mapper) accountWide(r desired.Resource) (referenced, bool) {
	if r.Type != desired.IAMServiceLinkedRole {
		return referenced{}, false
	}
	// Import id: the role's ARN (registry: iam/servicelinkedrole#import).
	arn := naming.ServiceLinkedRoleARN(m.ctx.Partition, m.ctx.AccountID, "backup.amazonaws.com", r.PhysicalName)
	return referenced{address: "aws_iam_service_linked_role.backup_service_linked_role[0]", id: arn}, true
}

// ruleResource names the reference's rule resource of a rule's physical name
// (modules/service-deployment-regional/eventbridge.tf, sfn_backup_ingest.tf).
func (m *mapper) ruleResource(n naming.Deployment, rule string) (string, bool) {
	resource, ok := map[string]string{
		n.EventBusLogRule():    "event_bus_to_cloudwatch",
		n.EventForwarderRule(): "default_to_event_bus",
		n.IngestRule():         "backup_ingest",
	}[rule]
	return resource, ok
}

// ruleID is "<bus>/<rule>", or "<rule>" on the default bus (registry:
// cloudwatch/eventrule#import).
func ruleID(bus, rule string) string {
	if bus == "" {
		return rule
	}
	return bus + "/" + rule
}

func isReferenceManagedPolicy(arn string) bool {
	for _, p := range referenceManagedPolicies {
		if strings.HasSuffix(arn, ":policy/"+p) {
			return true
		}
	}
	return false
}
