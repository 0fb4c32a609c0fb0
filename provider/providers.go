package provider

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"

	awsnative "github.com/pulumi/pulumi-aws-native/sdk/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
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

// regionalProviderInputs configures a provider of pkg for region from the
// stack's configuration.
func regionalProviderInputs(ctx *pulumi.Context, pkg, region string) pulumi.Map {
	inputs := pulumi.Map{"region": pulumi.String(region)}
	for key, kind := range providerSettings[pkg] {
		if key == "region" {
			continue
		}
		configKey := pkg + ":" + key
		value, ok := ctx.GetConfig(configKey)
		if !ok && pkg == "aws-native" && slices.Contains(settingsSharedWithAWS, key) {
			configKey = "aws:" + key
			value, ok = ctx.GetConfig(configKey)
		}
		if !ok {
			continue
		}
		in := settingInput(value, kind)
		if ctx.IsConfigSecret(configKey) {
			in = pulumi.ToSecret(in)
		}
		inputs[key] = in
	}
	return inputs
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
