"""Channel-neutral conversation handlers, one module per feature."""

from bot.router import Router

from . import admin, basics, forget, onboarding, profile, settings, upcoming


def build_router() -> Router:
    router = Router()
    for module in (onboarding, profile, settings, basics, forget, admin, upcoming):
        router.include(module.router)
    return router
