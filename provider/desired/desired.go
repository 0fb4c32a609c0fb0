// Package desired holds the plain description of resources the
// components register: what the central and member plans produce, what
// render writes out, and what the component turns into Pulumi resources.
package desired

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// Resource is one resource to register.
type Resource struct {
	Type         string `json:"type"`
	Name         string `json:"name"` // logical name; the component prefixes its own name
	PhysicalName string `json:"physicalName,omitempty"`
	Deployment   string `json:"deployment,omitempty"`
	Region       string `json:"region,omitempty"`   // "" for account-wide resources (IAM, Organizations)
	Provider     string `json:"provider,omitempty"` // a planned provider; "" for the component's own
	// Inputs hold plain JSON values, Ref, ComponentTags and TargetID;
	// strings may hold pending target placeholders.
	Inputs              map[string]any `json:"inputs"`
	DependsOn           []string       `json:"dependsOn,omitempty"`
	RetainOnDelete      bool           `json:"retainOnDelete,omitempty"`
	DeleteBeforeReplace bool           `json:"deleteBeforeReplace,omitempty"`
	IgnoreChanges       []string       `json:"ignoreChanges,omitempty"`
	// Adopt imports an existing resource named PhysicalName instead of
	// creating it.
	Adopt bool `json:"adopt,omitempty"`
	// ImportID imports the existing resource of that id instead of creating
	// it; it may hold pending target placeholders. A resource already in
	// the stack's state ignores it.
	ImportID string `json:"importId,omitempty"`
	// Aliases are earlier logical names of the resource: a stack that
	// registered it under one of them keeps it instead of replacing it.
	Aliases []string `json:"aliases,omitempty"`
}

// Rename is a resource planned under another logical name than before.
type Rename struct {
	Type, From, To string
}

// UnaliasedRenames returns the resources of before that after plans under
// another logical name without listing the old one in Aliases: those that
// after no longer has by name, of which after has exactly one new resource
// of the same identity: type, deployment, region and physical name, and
// those of the resources its inputs refer to (so the locks of two vaults of
// a region, which have no physical name, differ by their vault's). Pulumi
// would delete and recreate each.
func UnaliasedRenames(before, after []Resource) []Rename {
	idBefore, idAfter := identities(before), identities(after)
	had, has := map[string]bool{}, map[string]bool{}
	for _, r := range before {
		had[r.Name] = true
	}
	added := map[string][]Resource{}
	for _, r := range after {
		has[r.Name] = true
		if !had[r.Name] {
			added[idAfter[r.Name]] = append(added[idAfter[r.Name]], r)
		}
	}
	var renames []Rename
	for _, r := range before {
		candidates := added[idBefore[r.Name]]
		if has[r.Name] || len(candidates) != 1 || slices.Contains(candidates[0].Aliases, r.Name) {
			continue
		}
		renames = append(renames, Rename{Type: r.Type, From: r.Name, To: candidates[0].Name})
	}
	return renames
}

// identities keys each resource of rs by what a change of logical names
// leaves as it is.
func identities(rs []Resource) map[string]string {
	own := make(map[string]string, len(rs))
	for _, r := range rs {
		own[r.Name] = strings.Join([]string{r.Type, r.Deployment, r.Region, r.PhysicalName}, "\x00")
	}
	out := make(map[string]string, len(rs))
	for _, r := range rs {
		var refs []string
		walkRefs(r.Inputs, func(ref Ref) { refs = append(refs, own[ref.Resource]+"\x00"+ref.Output) })
		slices.Sort(refs)
		refs = slices.Compact(refs)
		out[r.Name] = strings.Join(append([]string{own[r.Name]}, refs...), "\x01")
	}
	return out
}

// walkRefs calls f with every Ref in v, an input value.
func walkRefs(v any, f func(Ref)) {
	switch v := v.(type) {
	case Ref:
		f(v)
	case map[string]any:
		for _, e := range v {
			walkRefs(e, f)
		}
	case []any:
		for _, e := range v {
			walkRefs(e, f)
		}
	}
}

// Ref is an output of another planned resource.
type Ref struct {
	Resource string
	Output   string
}

// Out refers to an output of a planned resource.
func Out(resource, output string) Ref { return Ref{Resource: resource, Output: output} }

// String is "resource.output".
func (r Ref) String() string { return r.Resource + "." + r.Output }

func (r Ref) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"ref": r.String()})
}

// ComponentTags stands for the component's tags, in a resource's Format,
// with Fixed tags (TagMap only) added and winning over the component's.
type ComponentTags struct {
	Format TagFormat
	Fixed  map[string]string
}

// TagFormat is how a resource input takes tags.
type TagFormat int

const (
	TagMap  TagFormat = iota
	TagList           // [{key, value}], as aws-native resources take them
	TagJSON           // a JSON object in a string, for a CloudFormation parameter
)

func (t ComponentTags) MarshalJSON() ([]byte, error) {
	if len(t.Fixed) > 0 {
		return json.Marshal(map[string]any{"componentTags": true, "fixed": t.Fixed})
	}
	return json.Marshal(map[string]bool{"componentTags": true})
}

// WithFixed is tags with the Fixed ones added, which win.
func (t ComponentTags) WithFixed(tags map[string]string) map[string]string {
	out := maps.Clone(tags)
	if out == nil && len(t.Fixed) > 0 {
		out = map[string]string{}
	}
	maps.Copy(out, t.Fixed)
	return out
}

// TargetID is a deployment's index-th backup target.
type TargetID struct {
	Deployment string
	Index      int
}

// Target is a deployment's index-th backup target.
func Target(deployment string, index int) TargetID {
	return TargetID{Deployment: deployment, Index: index}
}

func (t TargetID) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"backupTarget": t.Deployment, "index": t.Index})
}

// RoleResources plans an IAM role named physical with its inline policy and
// managed policies; id names the role resource, the others derive from it.
func RoleResources(id, physical, deployment, description, trust, inline string, managedARNs []string,
	dependsOn ...string,
) []Resource {
	out := []Resource{New(Resource{Name: id, PhysicalName: physical, Deployment: deployment, DependsOn: dependsOn},
		RoleArgs{Name: physical, Description: description, AssumeRolePolicy: trust})}
	if inline != "" {
		out = append(out, New(Resource{Name: id + "-policy", PhysicalName: physical, Deployment: deployment},
			RolePolicyArgs{Name: physical, Role: Out(id, OutputName), Policy: inline}))
	}
	for _, arn := range managedARNs {
		out = append(out, New(Resource{Name: id + "-" + arn[strings.LastIndex(arn, "/")+1:], Deployment: deployment},
			RolePolicyAttachmentArgs{Role: Out(id, OutputName), PolicyARN: arn}))
	}
	return out
}

// ServiceLinkedRole plans AWS Backup's service-linked role, for an account
// that has none. Pulumi keeps it on delete: other workloads may rely on it.
func ServiceLinkedRole(id string) Resource {
	return New(Resource{Name: id, PhysicalName: "AWSServiceRoleForBackup", RetainOnDelete: true},
		ServiceLinkedRoleArgs{
			AWSServiceName: "backup.amazonaws.com",
			Description:    "Service-linked role of AWS Backup, created by orgbackup because the account had none.",
		})
}

// RegionalProvider plans the provider of pkg for a region other than the
// component's own.
func RegionalProvider(pkg, region string) Resource {
	return New(Resource{Name: ProviderName(pkg, region), Region: region}, ProviderArgs{Plugin: pkg, Region: region})
}

// ProviderName is the logical name of the provider of pkg in region.
func ProviderName(pkg, region string) string { return pkg + "-" + region }

// PolicyInputs names, for each resource type that holds a policy document,
// the input that holds it: trust, permission, key, vault, bus and log
// resource policies.
var PolicyInputs = map[string]string{
	IAMRole:           TrustPolicyInput,
	IAMRolePolicy:     "policy",
	KMSKey:            "policy",
	KMSReplicaKey:     "policy",
	BackupVaultPolicy: "policy",
	EventBusPolicy:    "policy",
	LogResourcePolicy: "policyDocument",
	SNSTopic:          "policy",
	S3BucketPolicy:    "policy",
	// The organization's delegation policy is a resource-based policy too.
	OrganizationsResourcePolicy: "content",
}

// PolicyInput names the input of r that holds an IAM policy document, if
// any: PolicyInputs by type, and the content of a service control policy
// (an organization policy of another type holds no IAM document).
func PolicyInput(r Resource) (string, bool) {
	if r.Type == OrganizationsPolicy {
		args, ok := ArgsOf[OrganizationPolicyArgs](r)
		return "content", ok && args.Type == ServiceControlPolicy
	}
	input, ok := PolicyInputs[r.Type]
	return input, ok
}

// TrustPolicyInput is the input of a role's trust policy.
const TrustPolicyInput = "assumeRolePolicy"
