"""The Bedrock provider: `from_bedrock` and the Converse API modes.

Modules: `client` (from_bedrock and the from_provider builder), `adapter`
(how a request reaches ``converse`` / ``converse_stream``), `convert`
(OpenAI-style requests to Converse requests), `media` (Image, Audio and
PDF blocks), `reply` (reading Converse responses and stream events),
`tools` (TOOLS, TOOLS_STRICT), `json_modes` (MD_JSON, JSON_SCHEMA),
`schema` (the schema rules of Bedrock's strict modes), `threaded` (the
async path: the blocking client run off the event loop) and `unreadable`
(bodies botocore would silently turn into an empty response). Each loads
on first use; only `client` imports the SDK, and nothing here makes boto3
load a service model.
"""
