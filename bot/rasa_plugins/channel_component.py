"""NLU graph component: tell the dialogue which channel a message came from.

The staff console sends `{"metadata": {"channel": "staff"}}`; this turns that into a
`channel_mode` entity, which fills the `channel_mode` slot inside the Rasa server, so the
guided-script wording applies from the first reply without any custom action.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from core.vocabulary import channel_of


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ChannelModeExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> ChannelModeExtractor:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            metadata = message.get("metadata") or {}
            channel = metadata.get("channel") if isinstance(metadata, dict) else None
            channel = channel_of(channel)
            entity = {"entity": "channel_mode", "value": channel, "start": 0, "end": 0, "extractor": "ChannelModeExtractor"}
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
