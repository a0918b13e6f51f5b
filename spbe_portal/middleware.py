"""Language choice: Bahasa Indonesia unless the user picked English with the language switch.

Django's LocaleMiddleware also follows the browser's Accept-Language, so an office PC with an
English browser would get English dates and number format (2.69 instead of 2,69). The portal's
users work in Indonesian; English is an explicit choice, remembered in the language cookie.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
