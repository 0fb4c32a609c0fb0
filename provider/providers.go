package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	awsnative "github.com/pulumi/pulumi-aws-native/sdk/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/planned"
)

// Explicit providers do not read the stack's configuration, so the
// providers of the extra regions copy it: every setting of the package's
// provider from the stack's "<package>:" keys, and for aws-native the
// settings it shares with aws (profile, assumeRole, keys, …) from "aws:"
// when it has none of its own. Credentials from the environment (CI, Pulumi
// Deployments OIDC) reach every provider process without copying.

// providerSettings lists the configuration keys of each provider with the
// Go kind of their values.
var providerSettings = map[string]map[string]reflect.Kind{
	"aws":        settingsOf(aws.ProviderArgs{}.ElementType()),
	"aws-native": settingsOf(awsnative.ProviderArgs{}.ElementType()),
}

func settingsOf(args reflect.Type) map[string]reflect.Kind {
	out := map[string]reflect.Kind{}
	for _, f := range reflect.VisibleFields(args) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		t := f.Type
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		out[name] = t.Kind()
	}
	return out
}

// settingsSharedWithAWS are aws-native settings that mean the same as the aws setting of the same name.
var settingsSharedWithAWS = []string{"accessKey", "allowedAccountIds", "assumeRole", "defaultTags",
	"forbiddenAccountIds", "insecure", "maxRetries", "profile", "secretKey", "skipCredentialsValidation",
	"skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId", "token"}

// The component's own provider may be an explicit one whose credentials
// the stack's configuration does not hold, so the providers of the other
// regions could reach another account. Each is therefore pinned to the
// account the component's provider reaches with allowedAccountIds, which
// the provider checks when it is configured, at preview: a provider that
// reaches another account fails ("AWS account ID not allowed") instead of
// creating anything there
// (https://www.pulumi.com/registry/packages/aws/api-docs/provider/#allowedaccountids).

// regionalProviderInputs configures a provider of pkg for region from the
// stack's configuration, allowed only in account.
func regionalProviderInputs(ctx *pulumi.Context, pkg, region, account string) pulumi.Map {
	inputs := pulumi.Map{"region": pulumi.String(region)}
	for key, kind := range providerSettings[pkg] {
		if key == "region" {
			continue
		}
		configKey, value, ok := providerSetting(ctx, pkg, key)
		if !ok {
			continue
		}
		in := settingInput(value, kind)
		if ctx.IsConfigSecret(configKey) {
			in = pulumi.ToSecret(in)
		}
		inputs[key] = in
	}
	inputs["allowedAccountIds"] = pulumi.ToStringArray([]string{account})
	return inputs
}

// providerSetting reads a setting of pkg from the stack's configuration,
// for aws-native falling back to the aws setting of the same meaning.
func providerSetting(ctx *pulumi.Context, pkg, key string) (configKey, value string, ok bool) {
	configKey = pkg + ":" + key
	value, ok = ctx.GetConfig(configKey)
	if !ok && pkg == "aws-native" && slices.Contains(settingsSharedWithAWS, key) {
		configKey = "aws:" + key
		value, ok = ctx.GetConfig(configKey)
	}
	return configKey, value, ok
}

// checkRegionalProviders refuses, before anything is registered, stack
// settings under which the regional providers of the planned resources
// could not be pinned to account: allowed or forbidden account ids that
// exclude it, and skipRequestingAccountId, with which the provider does
// not look its account up, so that allowedAccountIds checks nothing.
func checkRegionalProviders(ctx *pulumi.Context, resources []planned.Resource, account string) error {
	var problems []string
	seen := map[string]bool{}
	for _, r := range resources {
		pkg, isProvider := strings.CutPrefix(r.Type, "pulumi:providers:")
		if !isProvider || seen[pkg] {
			continue
		}
		seen[pkg] = true
		if key, value, ok := providerSetting(ctx, pkg, "allowedAccountIds"); ok && !listed(value, account) {
			problems = append(problems, fmt.Sprintf("%s %s does not list %s, the account the component's provider "+
				"reaches; the %s providers of the other regions must use that account", key, value, account, pkg))
		}
		if key, value, ok := providerSetting(ctx, pkg, "forbiddenAccountIds"); ok && listed(value, account) {
			problems = append(problems, fmt.Sprintf("%s %s lists %s, the account the component's provider reaches",
				key, value, account))
		}
		if key, value, ok := providerSetting(ctx, pkg, "skipRequestingAccountId"); ok && value == "true" {
			problems = append(problems, fmt.Sprintf("%s is true: the %s providers of the other regions could not "+
				"check that they reach account %s; remove it", key, pkg, account))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("stack configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// listed reports whether a JSON list of account ids holds account.
func listed(list, account string) bool {
	var ids []string
	if err := json.Unmarshal([]byte(list), &ids); err != nil {
		return false
	}
	return slices.Contains(ids, account)
}

// settingInput is a configuration value as the provider's input: strings
// as they are, everything else parsed from its JSON or literal form.
func settingInput(value string, kind reflect.Kind) pulumi.Input {
	switch kind {
	case reflect.String:
		return pulumi.String(value)
	case reflect.Bool:
		if b, err := strconv.ParseBool(value); err == nil {
			return pulumi.Bool(b)
		}
	case reflect.Int:
		if n, err := strconv.Atoi(value); err == nil {
			return pulumi.Int(n)
		}
	}
	var parsed any
	if err := json.Unmarshal([]byte(value), &parsed); err != nil {
		return pulumi.String(value)
	}
	return pulumi.Any(parsed)
}
