package member

import (
	"encoding/json"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// Account is what the MemberAccount component looks up in the account it
// runs in.
type Account struct {
	ID                            string
	Region                        string // the region of the component's provider
	BackupServiceLinkedRoleExists bool
}

// Resources plans the description for the MemberAccount component: the
// same roles, rule and vaults the template creates, as Pulumi resources,
// with the placeholders resolved for the account.
func Resources(in Input, account Account) []desired.Resource {
	d := Describe(in)
	var out []desired.Resource
	add := func(r desired.Resource) {
		if r.Provider == "" && r.Region != "" && r.Region != account.Region && !strings.HasPrefix(r.Type, desired.ProviderPrefix) {
			r.Provider = desired.ProviderName(desired.AWS, r.Region)
		}
		out = append(out, r)
	}
	for _, region := range in.Regions {
		if region != account.Region {
			add(desired.RegionalProvider(desired.AWS, region))
		}
	}
	if in.MemberLAGVaultConfig != "" {
		for _, region := range in.Regions {
			add(desired.RegionalProvider(desired.AWSNative, region))
		}
	}
	resolve := func(s, region string) string {
		return strings.NewReplacer(Partition, in.Partition, AccountID, account.ID, Region, region).Replace(s)
	}
	for _, r := range d.Roles {
		var inline string
		if r.Policy != nil {
			inline = resolve(r.Policy.JSON(), "")
		}
		for _, res := range desired.RoleResources(r.ID, r.Name, in.Deployment,
			"orgbackup member account role of the "+in.Deployment+" deployment.",
			resolve(r.Trust.JSON(), ""), inline, r.Managed) {
			add(res)
		}
	}
	if d.ServiceLinkedRole && !account.BackupServiceLinkedRoleExists {
		add(desired.ServiceLinkedRole(ServiceLinkedRoleID))
	}
	for _, region := range in.Regions {
		for _, v := range d.Vaults {
			name := v.ID + "-" + region
			if v.AirGapped != nil {
				add(airGappedVault(v, name, in.Deployment, region, resolve))
				continue
			}
			vault := desired.VaultArgs{Name: v.Name}
			if v.KeyARN != "" {
				vault.KMSKeyARN = resolve(v.KeyARN, region)
			}
			// Recovery points outlive the stack: Pulumi never deletes a vault,
			// and a stack created again adopts the vaults it left behind.
			add(desired.New(desired.Resource{Name: name, PhysicalName: v.Name, Deployment: in.Deployment, Region: region,
				RetainOnDelete: true, Adopt: true}, vault))
			if v.Lock != nil {
				// Retained with its vault: a compliance lock cannot be removed
				// once its grace time is over
				// (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).
				// Never adopted: a lock found on the vault may be in governance
				// mode or removable for years ("Before the lock date, you can
				// delete Vault Lock from the vault",
				// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html),
				// and pulumi-aws's look-up cannot tell (no LockDate), so the stack
				// puts its own, which replaces such a lock; on an immutable one AWS
				// refuses it, and docs/member-accounts.md says how to import that
				// lock instead. changeableForDays matters only when a lock is first
				// put: an imported lock is not put again for it.
				add(desired.New(desired.Resource{Name: name + "-lock", Deployment: in.Deployment, Region: region,
					RetainOnDelete: true, IgnoreChanges: []string{"changeableForDays"}},
					desired.VaultLockConfigurationArgs{BackupVaultName: desired.Out(name, desired.OutputName),
						ChangeableForDays: v.Lock.ChangeableForDays, MinRetentionDays: v.Lock.MinRetentionDays,
						MaxRetentionDays: v.Lock.MaxRetentionDays}))
			}
			// A locked vault keeps its policy on destroy: without it, the
			// lock's grace time would be open to anyone allowed backup:*.
			add(desired.New(desired.Resource{Name: name + "-policy", Deployment: in.Deployment, Region: region,
				RetainOnDelete: v.Lock != nil},
				desired.VaultPolicyArgs{BackupVaultName: desired.Out(name, desired.OutputName),
					Policy: resolve(v.Policy.JSON(), region)}))
		}
		rule := d.Rule.ID + "-" + region
		add(desired.New(desired.Resource{Name: rule, PhysicalName: d.Rule.Name, Deployment: in.Deployment, Region: region},
			desired.EventRuleArgs{
				Name:         d.Rule.Name,
				Description:  "Forwards the " + in.Deployment + " deployment's AWS Backup events to its central event bus.",
				EventPattern: resolve(d.Rule.Pattern.JSON(), region),
			}))
		add(desired.New(desired.Resource{Name: rule + "-target", Deployment: in.Deployment, Region: region,
			DependsOn: []string{EventForwarderRoleID + "-policy"}},
			desired.EventTargetArgs{Rule: desired.Out(rule, desired.OutputName), TargetID: "CentralEventBus",
				ARN: resolve(d.Rule.Target, region), RoleARN: resolve(d.Rule.RoleARN, region)}))
		if d.AuditFramework != nil {
			add(desired.New(desired.Resource{Name: AuditFrameworkID + "-" + region, PhysicalName: d.AuditFramework.Name,
				Deployment: in.Deployment, Region: region}, d.AuditFramework.Args()))
		}
	}
	return out
}

// airGappedVault is the account's logically air-gapped vault in region, an
// aws-native resource: its policy and approval team are its own inputs,
// the policy written once with the vault (the policy denies changing it).
// Pulumi never deletes it, and a stack created again adopts it; the key
// AWS gives it on creation, which an import reads back, is not the
// program's to change.
func airGappedVault(v Vault, name, deployment, region string, resolve func(s, region string) string) desired.Resource {
	var policy map[string]any
	if err := json.Unmarshal([]byte(resolve(v.Policy.JSON(), region)), &policy); err != nil {
		panic(err) // iam documents marshal to JSON objects
	}
	return desired.New(desired.Resource{Name: name, PhysicalName: v.Name, Deployment: deployment, Region: region,
		Provider: desired.ProviderName(desired.AWSNative, region), RetainOnDelete: true, Adopt: true,
		IgnoreChanges: []string{desired.AirGappedVaultKeyInput}},
		desired.AirGappedVaultArgs{BackupVaultName: v.Name, MinRetentionDays: v.AirGapped.MinRetentionDays,
			MaxRetentionDays: v.AirGapped.MaxRetentionDays, AccessPolicy: policy,
			MpaApprovalTeamArn: v.MpaApprovalTeamArn, BackupVaultTags: desired.ComponentTags{}})
}
