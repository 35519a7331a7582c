% rebase('test_layout.tpl', title=title, parcours=parcours)
<h1 class="test-number">Question {{number}}</h1>
% if seconds_left is not None:
<p class="countdown" role="timer" aria-live="off">Question chronométrée : temps restant <span data-countdown="{{seconds_left}}">{{seconds_left // 60}} min {{'%02d' % (seconds_left % 60)}} s</span>. Une réponse donnée après ce temps est comptée comme fausse.</p>
% end
<div class="instruction" id="consigne">{{!markdown(challenge.instruction)}}</div>
% if challenge.illustration:
<p class="illustration"><img src="{{svg_data_uri(challenge.illustration.svg)}}" alt="{{challenge.illustration.alt}}"></p>
% end
% if challenge.document:
<section class="document" aria-labelledby="document-titre">
  <h2 id="document-titre">{{challenge.document.title}}</h2>
  {{!markdown(challenge.document.content)}}
</section>
% end
<form method="post" action="{{action('repondre')}}" class="form test-answer">
  <input type="hidden" name="csrf_token" value="{{csrf_token}}">
  <input type="hidden" name="challenge_id" value="{{challenge.id}}">
  % if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
  <fieldset aria-describedby="consigne">
    <legend>{{'Choisissez une réponse' if challenge.type is ChallengeType.QCU else 'Choisissez une ou plusieurs réponses'}}</legend>
    % for position, stored in enumerate(order, start=1):
    <p class="choice">
      <input type="{{'radio' if challenge.type is ChallengeType.QCU else 'checkbox'}}" name="choix" value="{{position}}" id="choix-{{position}}">
      <label for="choix-{{position}}">{{challenge.proposals[stored - 1]}}</label>
    </p>
    % end
  </fieldset>
  % elif challenge.type is ChallengeType.QROC:
  <p class="field">
    <label for="reponse">Votre réponse</label>
    <input type="text" name="reponse" id="reponse" maxlength="1000" autocomplete="off" placeholder="{{challenge.placeholder or ''}}" aria-describedby="consigne">
  </p>
  % else:
  % for field in challenge.fields:
  <p class="field">
    <label for="champ-{{field.key}}">{{field.label}}</label>
    <input type="text" name="champ-{{field.key}}" id="champ-{{field.key}}" maxlength="1000" autocomplete="off">
  </p>
  % end
  % end
  <p class="actions">
    <button type="submit" name="action" value="valider" class="button">Je valide</button>
    <button type="submit" name="action" value="passer" class="button button-secondary">Je passe</button>
  </p>
</form>
<details class="report"{{' open' if report_error else ''}}>
  <summary>Signaler un problème</summary>
  <form method="post" action="{{action('signaler')}}" class="form">
    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
    <input type="hidden" name="challenge_id" value="{{challenge.id}}">
    <p class="field">
      <label for="signalement">Décrivez le problème ({{report_max}} caractères au plus)</label>
      <textarea name="signalement" id="signalement" maxlength="{{report_max}}" rows="3"{{!' aria-invalid="true" aria-describedby="signalement-erreur"' if report_error else ''}}></textarea>
      % if report_error:
      <span class="field-error" id="signalement-erreur">{{report_error}}</span>
      % end
    </p>
    <button type="submit" class="button button-secondary">Envoyer le signalement</button>
  </form>
</details>
