"""The functions of infrastructure/template.yaml and their event source mappings, resolved as
CloudFormation resolves them, parameters at their defaults."""
import re

import yaml

from common import ACCOUNT


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short forms (!Ref, !Sub, !GetAtt, ...) as their long forms."""


def _intrinsic(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Ref" if suffix == "Ref" else f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _intrinsic)


class Template:
    """Resolves the intrinsic functions the functions' properties use, parameters at their defaults."""

    NAME_PROPERTIES = ("FunctionName", "TableName", "Name", "QueueName", "BucketName", "TopicName")

    def __init__(self, path, region, overrides=None):
        with open(path) as f:
            document = yaml.load(f, Loader=CfnLoader)
        self.region = region
        self.parameters = {name: spec.get("Default") for name, spec in document.get("Parameters", {}).items()}
        for name, value in (overrides or {}).items():
            if name not in self.parameters:
                raise SystemExit(f"lambda emulator: --parameter {name}: the template has no such parameter")
            self.parameters[name] = value
        missing = sorted(name for name, value in self.parameters.items() if value is None)
        if missing:
            raise SystemExit(f"lambda emulator: the template's parameters {', '.join(missing)} have no default; "
                             "give each with --parameter NAME=VALUE")
        self.conditions = document.get("Conditions", {})
        self.mappings = document.get("Mappings", {})
        self.resources = document.get("Resources", {})
        self.globals = document.get("Globals", {}).get("Function", {})

    def resolve(self, value):
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, argument), = value.items()
            if key == "Ref":
                return self.ref(argument)
            if key == "Fn::Sub":
                return self.sub(argument)
            if key == "Fn::If":
                condition, then, otherwise = argument
                return self.resolve(then if self.condition(condition) else otherwise)
            if key == "Fn::FindInMap":
                mapping, first, second = (self.resolve(a) for a in argument)
                return self.mappings[mapping][first][second]
            if key == "Fn::GetAtt":
                return self.physical_name(argument[0])
            if key == "Fn::Join":
                return argument[0].join(str(self.resolve(a)) for a in argument[1])
        return {k: self.resolve(v) for k, v in value.items()}

    def ref(self, name):
        pseudo = {"AWS::Region": self.region, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
                  "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": "testex"}
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        return self.physical_name(name)

    def physical_name(self, logical):
        properties = self.resources.get(logical, {}).get("Properties", {})
        for key in self.NAME_PROPERTIES:
            if key in properties:
                return self.resolve(properties[key])
        return logical

    def sub(self, argument):
        text, variables = (argument, {}) if isinstance(argument, str) else argument

        def replace(match):
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(self.resolve(variables[name]))
            return str(self.ref(name.split(".")[0]) if "." not in name else self.physical_name(name.split(".")[0]))
        return re.sub(r"\$\{([^}]+)\}", replace, text)

    def condition(self, expression):
        if isinstance(expression, str):
            return self.condition(self.conditions[expression])
        (key, argument), = expression.items()
        if key == "Fn::Equals":
            return str(self.resolve(argument[0])) == str(self.resolve(argument[1]))
        if key == "Fn::Not":
            return not self.condition(argument[0])
        if key == "Fn::And":
            return all(self.condition(a) for a in argument)
        if key == "Fn::Or":
            return any(self.condition(a) for a in argument)
        if key == "Condition":
            return self.condition(argument)
        raise ValueError(f"template: unsupported condition {key}")

    def functions(self):
        """Each function's deployed configuration, Globals.Function merged under its own."""
        configs = []
        for logical, resource in self.resources.items():
            if resource.get("Type") != "AWS::Serverless::Function":
                continue
            properties = dict(self.globals, **resource.get("Properties", {}))
            variables = dict(self.globals.get("Environment", {}).get("Variables", {}))
            variables.update(resource.get("Properties", {}).get("Environment", {}).get("Variables", {}))
            invoke_config = properties.get("EventInvokeConfig", {})
            configs.append(FunctionConfig(
                name=self.resolve(properties["FunctionName"]), handler=properties["Handler"],
                memory=int(properties.get("MemorySize", 128)), timeout=int(properties.get("Timeout", 3)),
                variables={k: str(self.resolve(v)) for k, v in variables.items()},
                tracing=properties.get("Tracing") == "Active",
                async_retries=int(invoke_config.get("MaximumRetryAttempts", 2)),
                streams=[self.stream_mapping(name, event["Properties"])
                         for name, event in resource.get("Properties", {}).get("Events", {}).items()
                         if event.get("Type") == "DynamoDB"]))
        return configs

    def stream_mapping(self, name, properties):
        table = self.physical_name(properties["Stream"]["Fn::GetAtt"][0])
        return {"name": name, "table": table, "batch_size": int(properties.get("BatchSize", 100)),
                "retries": int(properties.get("MaximumRetryAttempts", -1)),
                "bisect": bool(properties.get("BisectBatchOnFunctionError", False)),
                "starting_position": properties.get("StartingPosition", "LATEST")}


class FunctionConfig:
    def __init__(self, name, handler, memory, timeout, variables, tracing, async_retries, streams):
        self.name, self.handler, self.memory, self.timeout = name, handler, memory, timeout
        self.variables, self.tracing, self.async_retries, self.streams = variables, tracing, async_retries, streams

    def arn(self, region):
        return f"arn:aws:lambda:{region}:{ACCOUNT}:function:{self.name}"
