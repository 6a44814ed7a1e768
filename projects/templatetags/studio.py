from django import template

from projects.gallery import cards as gallery

register = template.Library()


@register.filter
def status_word(render):
    return gallery.status_word(render)


@register.filter
def status_tone(render):
    return gallery.status_tone(render)
