// Package calls is the call log of the aws and aws-native test double: one
// JSON line per call the engine made, appended by every provider process.
package calls

import (
	"bufio"
	"encoding/json"
	"os"
	"time"
)

// Call is one call the engine made to the double.
type Call struct {
	Time     time.Time `json:"time"`
	Package  string    `json:"package"`
	Region   string    `json:"region,omitempty"`
	Method   string    `json:"method"` // the gRPC method; Read of a resource not in state is "Import"
	Type     string    `json:"type,omitempty"`
	URN      string    `json:"urn,omitempty"`
	ID       string    `json:"id,omitempty"`
	Token    string    `json:"token,omitempty"` // the function of an Invoke
	Preview  bool      `json:"preview,omitempty"`
	Diffs    []string  `json:"diffs,omitempty"`    // inputs that changed (Diff, DiffConfig, Update)
	Replaces []string  `json:"replaces,omitempty"` // inputs whose change replaces the resource (Diff)
	Failures []string  `json:"failures,omitempty"` // refused inputs (Check, CheckConfig, Invoke)
	// Inputs are the inputs a Create outside a preview received, unknown
	// values as null.
	Inputs map[string]any `json:"inputs,omitempty"`
	Error  string         `json:"error,omitempty"`
	Micros int64          `json:"micros"` // how long the double took to answer
}

// Read returns every call of the log at path, in the order written.
func Read(path string) ([]Call, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Call
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 64<<20) // a Create's inputs may be long
	for scanner.Scan() {
		var c Call
		if err := json.Unmarshal(scanner.Bytes(), &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, scanner.Err()
}
