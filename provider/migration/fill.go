package migration

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// terraformState is the part of `terraform show -json` Fill reads: the
// "values representation" of the state, modules nested in child_modules
// (https://developer.hashicorp.com/terraform/internals/json-format#values-representation).
type terraformState struct {
	Values struct {
		RootModule terraformModule `json:"root_module"`
	} `json:"values"`
}

type terraformModule struct {
	Resources []struct {
		Address string         `json:"address"`
		Mode    string         `json:"mode"`
		Values  map[string]any `json:"values"`
	} `json:"resources"`
	ChildModules []terraformModule `json:"child_modules"`
}

var lookupPattern = regexp.MustCompile(regexp.QuoteMeta(lookupOpen) + `(\S+) (\S+)` + regexp.QuoteMeta(lookupClose))

// Fill completes every Lookup placeholder of file from state, the output
// of `terraform show -json` of the stack that holds the reference module.
// A module-relative address matches the one managed resource whose
// address is it or ends with "." and it, so the module may sit anywhere
// in the stack. Every lookup that finds no resource, several resources,
// or no string attribute is an error, all of them at once; the file is
// then returned unchanged.
func Fill(file File, state []byte) (File, error) {
	var parsed terraformState
	if err := json.Unmarshal(state, &parsed); err != nil {
		return file, fmt.Errorf("reading the Terraform state (terraform show -json): %w", err)
	}
	values := map[string]map[string]any{}
	collect(parsed.Values.RootModule, values)

	var problems []string
	out := file
	out.Resources = make([]Resource, len(file.Resources))
	for i, r := range file.Resources {
		r.ID = lookupPattern.ReplaceAllStringFunc(r.ID, func(placeholder string) string {
			m := lookupPattern.FindStringSubmatch(placeholder)
			value, err := lookup(values, m[1], m[2])
			if err != nil {
				problems = append(problems, fmt.Sprintf("resources[%d] %s: %v", i, r.Name, err))
				return placeholder
			}
			return value
		})
		out.Resources[i] = r
	}
	if len(problems) > 0 {
		return file, errors.New(strings.Join(problems, "\n"))
	}
	return out, nil
}

func collect(m terraformModule, values map[string]map[string]any) {
	for _, r := range m.Resources {
		if r.Mode == "managed" {
			values[r.Address] = r.Values
		}
	}
	for _, child := range m.ChildModules {
		collect(child, values)
	}
}

func lookup(values map[string]map[string]any, address, attribute string) (string, error) {
	var matches []string
	for a := range values {
		if a == address || strings.HasSuffix(a, "."+address) {
			matches = append(matches, a)
		}
	}
	sort.Strings(matches)
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("no resource %s in the Terraform state: is this the state of the reference module's stack, before terraform state rm?", address)
	case 1:
	default:
		return "", fmt.Errorf("%s matches %d resources (%s): keep one instance of the module in the state you pass",
			address, len(matches), strings.Join(matches, ", "))
	}
	value, ok := values[matches[0]][attribute].(string)
	if !ok || value == "" {
		return "", fmt.Errorf("%s has no %s in the Terraform state", matches[0], attribute)
	}
	return value, nil
}
