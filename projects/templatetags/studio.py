from django import template

from projects import gallery

register = template.Library()


@register.filter
def status_word(render):
    return gallery.status_word(render)


@register.filter
def status_tone(render):
    return gallery.status_tone(render)
