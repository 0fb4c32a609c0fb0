package provider

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// registered is a resource of the plan, with the outputs other
// resources refer to.
type registered struct {
	pulumi.CustomResourceState

	Arn   pulumi.StringOutput `pulumi:"arn"`
	Name  pulumi.StringOutput `pulumi:"name"`
	KeyID pulumi.StringOutput `pulumi:"keyId"`
	// aws-native's vaults name their outputs so.
	BackupVaultArn  pulumi.StringOutput `pulumi:"backupVaultArn"`
	BackupVaultName pulumi.StringOutput `pulumi:"backupVaultName"`

	typ string
}

type plannedProvider struct {
	pulumi.ProviderResourceState
}

// registrar turns planned resources into resources under a component.
type registrar struct {
	ctx     *pulumi.Context
	prefix  string // the component's name
	account string // the account the component's provider reaches, the only one its providers may use
	parent  pulumi.Resource
	tags    pulumi.StringMapInput
	targets map[string][]pulumi.StringInput // validated backup targets per deployment
	orgID   string
	// partition and managementAccountID complete pending share principals.
	partition           string
	managementAccountID string
	resources           map[string]*registered
	providers           map[string]pulumi.ProviderResource
}

func (r *registrar) register(resources []desired.Resource) error {
	r.resources = map[string]*registered{}
	r.providers = map[string]pulumi.ProviderResource{}
	for _, res := range resources {
		if err := r.registerOne(res); err != nil {
			return fmt.Errorf("registering %s %s: %w", res.Type, res.Name, err)
		}
	}
	return nil
}

// aliases are the options that keep res, providers included, under its
// earlier logical names.
func (r *registrar) aliases(res desired.Resource) []pulumi.ResourceOption {
	if len(res.Aliases) == 0 {
		return nil
	}
	aliases := make([]pulumi.Alias, len(res.Aliases))
	for i, a := range res.Aliases {
		aliases[i] = pulumi.Alias{Name: pulumi.String(r.prefix + "-" + a)}
	}
	return []pulumi.ResourceOption{pulumi.Aliases(aliases)}
}

func (r *registrar) registerOne(res desired.Resource) error {
	name := r.prefix + "-" + res.Name
	opts := []pulumi.ResourceOption{pulumi.Parent(r.parent)}
	if pkg, isProvider := strings.CutPrefix(res.Type, desired.ProviderPrefix); isProvider {
		provider := &plannedProvider{}
		inputs := regionalProviderInputs(r.ctx, pkg, res.Region, r.account)
		opts = append(opts, pulumi.Version(desired.Version(pkg)))
		opts = append(opts, r.aliases(res)...)
		if err := r.ctx.RegisterResource(res.Type, name, inputs, provider, opts...); err != nil {
			return err
		}
		r.providers[res.Name] = provider
		return nil
	}
	inputs := pulumi.Map{}
	for _, key := range slices.Sorted(maps.Keys(res.Inputs)) {
		v, err := r.input(res.Inputs[key])
		if err != nil {
			return fmt.Errorf("input %s: %w", key, err)
		}
		if v != nil {
			inputs[key] = v
		}
	}
	opts = append(opts, pulumi.Version(desired.Version(desired.Plugin(res.Type))))
	if res.Provider != "" {
		provider, ok := r.providers[res.Provider]
		if !ok {
			return fmt.Errorf("uses provider %s, which is not registered before it", res.Provider)
		}
		opts = append(opts, pulumi.Provider(provider))
	}
	if len(res.DependsOn) > 0 {
		deps := make([]pulumi.Resource, len(res.DependsOn))
		for i, d := range res.DependsOn {
			dep, ok := r.resources[d]
			if !ok {
				return fmt.Errorf("depends on %s, which is not registered before it", d)
			}
			deps[i] = dep
		}
		opts = append(opts, pulumi.DependsOn(deps))
	}
	opts = append(opts, r.aliases(res)...)
	if res.RetainOnDelete {
		opts = append(opts, pulumi.RetainOnDelete(true))
	}
	if res.DeleteBeforeReplace {
		opts = append(opts, pulumi.DeleteBeforeReplace(true))
	}
	if len(res.IgnoreChanges) > 0 {
		opts = append(opts, pulumi.IgnoreChanges(res.IgnoreChanges))
	}
	if res.ImportID != "" {
		id := r.text(res.ImportID).ToStringOutput().ApplyT(func(id string) pulumi.ID { return pulumi.ID(id) })
		opts = append(opts, pulumi.Import(id.(pulumi.IDOutput)))
	}
	if res.Adopt {
		id, err := r.existing(res)
		if err != nil {
			return err
		}
		if id != "" {
			opts = append(opts, pulumi.Import(id))
		}
	}
	registered := &registered{typ: res.Type}
	if err := r.ctx.RegisterResource(res.Type, name, inputs, registered, opts...); err != nil {
		return err
	}
	r.resources[res.Name] = registered
	return nil
}

// existing returns the id of the resource named res.PhysicalName when it
// exists already, looked up through the provider res will use.
func (r *registrar) existing(res desired.Resource) (pulumi.ID, error) {
	opts := []pulumi.InvokeOption{pulumi.Parent(r.parent)}
	if p, ok := r.providers[desired.ProviderName(desired.AWS, res.Region)]; ok && res.Region != "" {
		opts = append(opts, pulumi.Provider(p))
	}
	switch res.Type {
	case desired.BackupVault, desired.BackupAirGappedVault:
	case desired.S3Bucket, desired.S3BucketPolicy:
		// A report bucket a destroyed stack kept, and its policy, which
		// denies changing it (iam.ReportBucketPolicy): both are imported,
		// their import id the bucket's name. The look-up fails for a
		// bucket that does not exist or is another account's.
		if _, err := s3.LookupBucket(r.ctx, &s3.LookupBucketArgs{Bucket: res.PhysicalName}, opts...); err != nil {
			r.ctx.Log.Debug(fmt.Sprintf("bucket %s is not adopted: %v", res.PhysicalName, err), nil)
			return "", nil
		}
		return pulumi.ID(res.PhysicalName), nil
	default:
		return "", fmt.Errorf("adopting an existing %s is not supported", res.Type)
	}
	// The look-up is pulumi-aws's, whatever the vault's provider: DescribeBackupVault
	// answers for both kinds of vault, and a vault's import id is its name in both.
	if _, err := backup.LookupVault(r.ctx, &backup.LookupVaultArgs{Name: res.PhysicalName}, opts...); err != nil {
		// Not found, or not readable: creating it reports any conflict.
		r.ctx.Log.Debug(fmt.Sprintf("backup vault %s is not adopted: %v", res.PhysicalName, err), nil)
		return "", nil
	}
	return pulumi.ID(res.PhysicalName), nil // a vault's import id is its name
}

// placeholder matches the pending target placeholders of naming.
var placeholder = regexp.MustCompile(`\{\{(target|path|principal|arn) ([A-Za-z0-9_-]+) (\d+)\}\}`)

// input turns a planned input value into a Pulumi input; nil leaves the
// input out.
func (r *registrar) input(v any) (pulumi.Input, error) {
	switch v := v.(type) {
	case string:
		return r.text(v), nil
	case bool:
		return pulumi.Bool(v), nil
	case int:
		return pulumi.Int(v), nil
	case []any:
		out := make(pulumi.Array, len(v))
		for i, e := range v {
			in, err := r.input(e)
			if err != nil {
				return nil, err
			}
			out[i] = in
		}
		return out, nil
	case map[string]any:
		out := pulumi.Map{}
		for k, e := range v {
			in, err := r.input(e)
			if err != nil {
				return nil, err
			}
			out[k] = in
		}
		return out, nil
	case desired.Ref:
		res, ok := r.resources[v.Resource]
		if !ok {
			return nil, fmt.Errorf("refers to %s, which is not registered before it", v.Resource)
		}
		native := res.typ == desired.BackupAirGappedVault
		switch v.Output {
		case desired.OutputARN:
			if native {
				return res.BackupVaultArn, nil
			}
			return res.Arn, nil
		case desired.OutputName:
			if native {
				return res.BackupVaultName, nil
			}
			return res.Name, nil
		case desired.OutputKeyID:
			return res.KeyID, nil
		case desired.OutputID:
			return res.ID().ToStringOutput(), nil
		}
		return nil, fmt.Errorf("unknown output %s of %s", v.Output, v.Resource)
	case desired.TargetID:
		return r.targets[v.Deployment][v.Index], nil
	case desired.ComponentTags:
		if len(v.Fixed) > 0 {
			if r.tags == nil {
				return pulumi.ToStringMap(v.WithFixed(nil)), nil
			}
			return r.tags.ToStringMapOutput().ApplyT(v.WithFixed), nil
		}
		if r.tags == nil {
			// A StackSet gets every template parameter, always: one left out
			// shows as a diff on every update
			// (https://www.pulumi.com/registry/packages/aws/api-docs/cloudformation/stackset/).
			if v.Format == desired.TagJSON {
				return pulumi.String(config.VaultTagsJSON(nil)), nil
			}
			return nil, nil
		}
		switch v.Format {
		case desired.TagList:
			return r.tags.ToStringMapOutput().ApplyT(tagList), nil
		case desired.TagJSON:
			return r.tags.ToStringMapOutput().ApplyT(config.VaultTagsJSON), nil
		}
		return r.tags, nil
	}
	return nil, fmt.Errorf("unsupported value %T", v)
}

// text is a string input; one built from targets not known at planning
// gets them once they are.
func (r *registrar) text(s string) pulumi.StringInput {
	matches := placeholder.FindAllStringSubmatch(s, -1)
	if matches == nil {
		return pulumi.String(s)
	}
	var parts []any
	for _, m := range matches {
		index, _ := strconv.Atoi(m[3]) // the pattern matched digits
		if index >= len(r.targets[m[2]]) {
			// Not a placeholder the plan wrote (a user's string that looks
			// like one): the text stays as it is.
			return pulumi.String(s)
		}
		parts = append(parts, r.targets[m[2]][index])
	}
	return pulumi.All(parts...).ApplyT(func(ids []any) string {
		i := 0
		return placeholder.ReplaceAllStringFunc(s, func(match string) string {
			id := ids[i].(string)
			i++
			switch {
			case strings.HasPrefix(match, "{{path "):
				return naming.OrgPath(r.orgID, id)
			case strings.HasPrefix(match, "{{principal "):
				return naming.SharePrincipal(r.partition, r.managementAccountID, r.orgID, id)
			case strings.HasPrefix(match, "{{arn "):
				return naming.TargetARN(r.partition, r.managementAccountID, r.orgID, id)
			}
			return id
		})
	}).(pulumi.StringOutput)
}

// tagList is the aws-native form of tags: a list of {key, value}, sorted.
func tagList(tags map[string]string) []map[string]string {
	out := make([]map[string]string, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, map[string]string{"key": k, "value": tags[k]})
	}
	return out
}
